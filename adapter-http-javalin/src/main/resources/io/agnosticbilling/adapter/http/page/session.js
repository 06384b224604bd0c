// The signed-in session of this tab: the answer of sign-up or login, kept in sessionStorage so it
// ends with the tab and is never sent anywhere but this API's Authorization header.
const KEY = 'agnosticBilling.session';

export function saveSession(answer) {
  const session = {
    token: answer.token,
    expiresAt: answer.expiresAt,
    user: answer.user,
    organization: answer.organization,
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The session, or null when there is none or its token has expired. */
export function currentSession() {
  let session;
  try {
    session = JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    session = null;
  }
  if (!session || typeof session.token !== 'string') {
    return null;
  }
  if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
    clearSession();
    return null;
  }
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** Sends the browser to the login page, coming back to where it was afterwards. */
export function goToLogin() {
  const here = location.pathname + location.search;
  location.replace('/login?next=' + encodeURIComponent(here));
}

/** A same-origin path to continue to after login; anything else falls back to the billing page. */
export function nextPath(params) {
  const next = params.get('next');
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    return next;
  }
  return '/settings?tab=billing';
}

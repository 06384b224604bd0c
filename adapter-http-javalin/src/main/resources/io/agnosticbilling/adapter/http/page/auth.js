// Sign-up and login: posts the form to the API, keeps the answer in the tab's session and goes on
// to the page that sent us here (only a path of this site) or the billing page.
import { api, ApiError } from './api.js';
import { byId, show } from './dom.js';
import { currentSession, nextPath, saveSession } from './session.js';

const params = new URLSearchParams(location.search);
const form = byId('auth-form');
const mode = form.dataset.mode;
const errorMessage = byId('error-message');

if (currentSession()) {
  location.replace(nextPath(params));
}

function showError(text) {
  errorMessage.textContent = text;
  show(errorMessage, true);
}

function fieldNamed(name) {
  return form.elements.namedItem(name);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const submit = form.querySelector('button[type="submit"]');
  show(errorMessage, false);
  submit.disabled = true;
  submit.setAttribute('aria-busy', 'true');
  const body = {
    email: fieldNamed('email').value.trim(),
    password: fieldNamed('password').value,
  };
  if (mode === 'signup') {
    body.organizationName = fieldNamed('organizationName').value.trim();
  }
  try {
    const answer = await api('POST', mode === 'signup' ? '/api/auth/signup' : '/api/auth/login', body);
    saveSession(answer);
    location.assign(nextPath(params));
  } catch (error) {
    if (!(error instanceof ApiError)) {
      throw error;
    }
    showError(error.message);
    const field = error.problem.field && fieldNamed(error.problem.field);
    (field || fieldNamed('email')).focus();
    submit.disabled = false;
    submit.removeAttribute('aria-busy');
  }
});

// The billing page: reads the plans, the overview and the members from the API and renders them;
// every button calls one route and renders the overview it answers. Only routes the API offers
// have controls here (no member removal or invoices until those routes exist).
import { api, ApiError } from './api.js';
import { byId, fill, h, show } from './dom.js';
import { formatDate, formatDateTime, formatNumber } from './format.js';
import {
  chosenInterval,
  currentPriceText,
  featureItems,
  priceLine,
  renderIntervalToggle,
  sells,
  trialEndLine,
  trialLine,
} from './pricing.js';
import { clearSession, currentSession, goToLogin } from './session.js';

const METRICS = {
  testRuns: { name: 'Test runs', noun: 'test runs', one: 'test run' },
  users: { name: 'Seats', noun: 'seats', one: 'seat' },
};

// Subscription states on which the API changes plans, cancels and resumes (409 otherwise).
const LIVE = new Set(['active', 'trialing', 'past_due']);

const STATUS = {
  none: { label: 'Active', tone: 'success' },
  active: { label: 'Active', tone: 'success' },
  trialing: { label: 'Trial', tone: 'success' },
  past_due: { label: 'Payment past due', tone: 'warning' },
  unpaid: { label: 'Unpaid', tone: 'danger' },
  incomplete: { label: 'Payment incomplete', tone: 'warning' },
  incomplete_expired: { label: 'Checkout expired', tone: 'neutral' },
  paused: { label: 'Paused', tone: 'neutral' },
  canceled: { label: 'Canceled', tone: 'neutral' },
};

const session = currentSession();
const state = { plans: [], overview: null, members: [] };
const isAdmin = session?.user?.role === 'admin';

// ---- messages ----

function clearMessages() {
  show(byId('error-banner'), false);
  fill(byId('error-message'));
  fill(byId('error-actions'));
  show(byId('notice'), false);
}

function notify(...content) {
  const notice = byId('notice');
  fill(notice, ...content);
  show(notice, true);
}

function showError(error) {
  if (error instanceof ApiError && error.status === 401) {
    clearSession();
    goToLogin();
    return;
  }
  const message = error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
  fill(byId('error-message'), message);
  const actions = byId('error-actions');
  fill(actions);
  const upgradeTo = error instanceof ApiError && error.status === 402 && error.problem.upgradeTo;
  if (upgradeTo && isAdmin) {
    actions.append(
      h(
        'button',
        {
          type: 'button',
          className: 'button button-primary',
          'data-testid': 'refusal-upgrade',
          onClick: (event) => act(event.currentTarget, () => upgrade(upgradeTo)),
        },
        `Upgrade to ${planName(upgradeTo)}`,
      ),
    );
  }
  show(byId('error-banner'), true);
  if (!(error instanceof ApiError)) {
    console.warn(error);
  }
}

/** Runs an action from a control: busy while it runs, its failure shown in error-message. */
async function act(control, action) {
  clearMessages();
  if (control) {
    control.disabled = true;
    control.setAttribute('aria-busy', 'true');
  }
  try {
    await action();
  } catch (error) {
    showError(error);
  } finally {
    if (control && control.isConnected) {
      control.disabled = false;
      control.removeAttribute('aria-busy');
    }
  }
  // A re-render may have replaced the control that had focus: keep keyboard users in place.
  if (!document.activeElement || document.activeElement === document.body) {
    const target = !byId('error-banner').hidden ? byId('error-banner') : byId('main');
    target.setAttribute('tabindex', '-1');
    target.focus();
  }
}

// ---- data ----

function plan(id) {
  return state.plans.find((p) => p.id === id);
}

function planName(id) {
  return plan(id)?.name ?? id;
}

function isLive(overview) {
  return Boolean(overview.subscribedPlan) && LIVE.has(overview.status);
}

async function loadAll() {
  const [plans, overview, members] = await Promise.all([
    api('GET', '/api/billing/plans'),
    api('GET', '/api/billing'),
    api('GET', '/api/organization/members'),
  ]);
  state.plans = plans;
  state.overview = overview;
  state.members = members;
  render();
}

async function refreshOverview(overview) {
  state.overview = overview ?? (await api('GET', '/api/billing'));
  render();
}

// ---- actions ----

async function upgrade(planId) {
  if (isLive(state.overview)) {
    await changePlan(planId);
    return;
  }
  const interval = chosenInterval();
  const body = sells(plan(planId), interval) ? { plan: planId, interval } : { plan: planId };
  const checkout = await api('POST', '/api/billing/checkout', body);
  location.assign(checkout.url);
}

async function changePlan(planId) {
  await refreshOverview(await api('POST', '/api/billing/change-plan', { plan: planId }));
  notify(`Your organization is now on ${planName(state.overview.plan)}.`);
}

async function cancel() {
  await refreshOverview(await api('POST', '/api/billing/cancel'));
  const ends = state.overview.accessEndsAt ?? state.overview.currentPeriod.end;
  notify(`Your subscription is canceled. ${state.overview.planName} stays until ${formatDate(ends)}.`);
}

async function resume() {
  await refreshOverview(await api('POST', '/api/billing/resume'));
  notify(`Your ${state.overview.planName} subscription continues.`);
}

async function manageBilling() {
  const portal = await api('POST', '/api/billing/portal');
  location.assign(portal.url);
}

async function addMember(form) {
  const body = {
    email: form.elements.namedItem('email').value.trim(),
    password: form.elements.namedItem('password').value,
    role: form.elements.namedItem('role').value,
  };
  const member = await api('POST', '/api/organization/members', body);
  form.reset();
  const [members, overview] = await Promise.all([
    api('GET', '/api/organization/members'),
    api('GET', '/api/billing'),
  ]);
  state.members = members;
  state.overview = overview;
  render();
  notify(`${member.email} was added as ${member.role === 'admin' ? 'an admin' : 'a member'}.`);
}

/** The return from Checkout: applies the paid session now, without waiting for the webhook. */
async function confirmReturn(params) {
  const outcome = params.get('checkout');
  const sessionId = params.get('session_id');
  history.replaceState(null, '', '/settings?tab=billing');
  if (outcome === 'success' && sessionId) {
    const overview = await api('POST', `/api/billing/checkout/${encodeURIComponent(sessionId)}/confirm`);
    return () => notify(`Payment received. Your organization is now on ${overview.planName}.`);
  }
  if (outcome === 'canceled') {
    return () => notify('Checkout was canceled. Nothing was charged.');
  }
  return () => {};
}

// ---- rendering ----

function render() {
  renderCurrent();
  renderUsage();
  renderAlerts();
  renderPlans();
  renderMembers();
}

function dateElement(iso) {
  return h('time', { datetime: iso }, formatDate(iso));
}

function renderCurrent() {
  const o = state.overview;
  const current = plan(o.plan);
  const statusKey = o.status ?? 'none';
  const status = STATUS[statusKey] ?? { label: statusKey, tone: 'neutral' };
  const canceling = o.cancelAtPeriodEnd && isLive(o);

  byId('current-plan').textContent = o.planName;
  const badge = byId('plan-status');
  badge.textContent = canceling ? `${status.label}, canceling` : status.label;
  badge.dataset.status = statusKey;
  badge.dataset.tone = canceling ? 'warning' : status.tone;

  byId('current-price').textContent = currentPriceText(current, o);
  fill(byId('current-trial'), trialEndLine(o));

  const detail = byId('current-detail');
  const subscribed = o.subscribedPlan ? planName(o.subscribedPlan) : null;
  let tone = 'ok';
  if (o.status === 'past_due') {
    tone = 'warning';
    fill(
      detail,
      'Your last payment failed. ',
      o.accessEndsAt
        ? ['Update your card in Manage billing before ', h('strong', {}, dateElement(o.accessEndsAt)), ` to keep ${o.planName}.`]
        : 'Update your card in Manage billing to keep your plan.',
    );
    detail.dataset.graceEnds = o.accessEndsAt ?? '';
  } else if (canceling) {
    tone = 'warning';
    const ends = o.accessEndsAt ?? o.currentPeriod.end;
    fill(detail, `Your ${o.planName} plan ends on `, h('strong', {}, dateElement(ends)), '. Resume to keep it.');
    detail.dataset.endsAt = ends;
  } else if (subscribed && subscribed !== o.planName && !LIVE.has(o.status)) {
    tone = o.status === 'unpaid' ? 'danger' : 'ok';
    fill(
      detail,
      o.status === 'canceled'
        ? `Your ${subscribed} subscription has ended. You are on ${o.planName}.`
        : `Your ${subscribed} subscription is ${status.label.toLowerCase()}, so you have ${o.planName}'s limits.`,
    );
  } else if (isLive(o)) {
    fill(
      detail,
      o.status === 'trialing' ? 'Trial ends on ' : 'Renews on ',
      h('strong', {}, dateElement(o.currentPeriod.end)),
      '.',
    );
  } else {
    fill(detail, 'Usage resets on ', h('strong', {}, dateElement(o.currentPeriod.end)), '.');
  }
  byId('current-plan').closest('.current').dataset.state = tone;

  show(byId('manage-billing'), isAdmin && o.portalAvailable);
  show(byId('cancel-subscription'), isAdmin && isLive(o) && !o.cancelAtPeriodEnd);
  show(byId('resume-subscription'), isAdmin && isLive(o) && o.cancelAtPeriodEnd);
}

function level(figure) {
  if (figure.limit === null || figure.limit === undefined) {
    return 'unlimited';
  }
  for (const threshold of [100, 90, 80, 50]) {
    if (figure.percent >= threshold) {
      return String(threshold);
    }
  }
  return 'ok';
}

function renderUsage() {
  const o = state.overview;
  byId('usage-period').replaceChildren(
    dateElement(o.currentPeriod.start),
    ' to ',
    dateElement(o.currentPeriod.end),
  );
  const list = byId('usage-list');
  list.replaceChildren();
  for (const [key, figure] of Object.entries(o.usage)) {
    const metric = METRICS[key] ?? { name: key, noun: key, one: key };
    const unlimited = figure.limit === null || figure.limit === undefined;
    const lvl = level(figure);
    const labelId = `usage-${key}-label`;
    const fillBar = h('div', { className: 'meter-fill' });
    // The CSSOM is allowed under the page's CSP; a style attribute would not be.
    fillBar.style.width = unlimited ? '100%' : `${Math.min(100, figure.percent)}%`;
    const valueText = unlimited
      ? `${formatNumber(figure.used)} ${metric.noun} used, unlimited`
      : `${formatNumber(figure.used)} of ${formatNumber(figure.limit)} ${metric.noun} used`;
    list.append(
      h(
        'div',
        {
          className: 'usage',
          'data-testid': `usage-${key}`,
          'data-level': lvl,
          'data-used': figure.used,
          'data-limit': unlimited ? 'unlimited' : figure.limit,
          'data-percent': unlimited ? '' : figure.percent,
        },
        h(
          'div',
          { className: 'usage-head' },
          h('span', { className: 'usage-name', id: labelId }, metric.name),
          h(
            'span',
            { className: 'usage-figure' },
            h('strong', {}, formatNumber(figure.used)),
            unlimited ? ' used · unlimited' : ` of ${formatNumber(figure.limit)} · ${figure.percent} %`,
          ),
        ),
        h(
          'div',
          {
            className: 'meter',
            role: 'progressbar',
            'aria-labelledby': labelId,
            'aria-valuemin': 0,
            'aria-valuemax': 100,
            'aria-valuenow': unlimited ? undefined : Math.min(100, figure.percent),
            'aria-valuetext': valueText,
          },
          fillBar,
        ),
        usageNote(key, figure, metric, lvl),
      ),
    );
  }
}

function usageNote(key, figure, metric, lvl) {
  const o = state.overview;
  if (lvl === 'unlimited') {
    return h('p', { className: 'usage-note' }, `No limit on ${o.planName}.`);
  }
  const left = Math.max(0, figure.limit - figure.used);
  const metered = key !== 'users';
  if (lvl !== '100') {
    const leftText = `${formatNumber(left)} ${left === 1 ? metric.one : metric.noun} left`;
    return h(
      'p',
      { className: 'usage-note' },
      metered ? [leftText, ' · resets ', dateElement(o.currentPeriod.end)] : leftText,
    );
  }
  const upgradeTo = o.upgradeOptions.find((id) => {
    const limit = plan(id)?.limits?.[key];
    return limit === null || limit > figure.limit;
  });
  return h(
    'div',
    { className: 'usage-note usage-note-action' },
    h(
      'span',
      {},
      metered
        ? ['Limit reached: new test runs are refused until ', dateElement(o.currentPeriod.end), '.']
        : 'No seats left: new members are refused.',
    ),
    upgradeTo && isAdmin
      ? h(
          'button',
          {
            type: 'button',
            className: 'button button-primary button-small',
            'data-testid': `usage-upgrade-${key}`,
            onClick: (event) => act(event.currentTarget, () => upgrade(upgradeTo)),
          },
          `Upgrade to ${planName(upgradeTo)}`,
        )
      : null,
  );
}

function renderAlerts() {
  const list = byId('alert-list');
  const alerts = [...state.overview.alerts].sort((a, b) => (a.at < b.at ? 1 : -1));
  if (alerts.length === 0) {
    fill(list, h('li', { className: 'empty' }, 'No alerts this period.'));
    return;
  }
  fill(
    list,
    alerts.map((alert) => {
      const metric = METRICS[alert.metric] ?? { name: alert.metric, noun: alert.metric };
      return h(
        'li',
        { className: 'alert-item', 'data-threshold': alert.threshold, 'data-metric': alert.metric },
        h('span', { className: 'alert-threshold' }, `${alert.threshold} %`),
        h(
          'span',
          { className: 'alert-text' },
          `${metric.name}: ${formatNumber(alert.used)} of ${formatNumber(alert.limit)} used`,
          h('time', { className: 'alert-when', datetime: alert.at }, formatDateTime(alert.at)),
        ),
      );
    }),
  );
}

function limitLine(plan, key) {
  const value = plan.limits[key];
  const metric = METRICS[key] ?? { noun: key, one: key };
  if (value === null || value === undefined) {
    return `Unlimited ${metric.noun}`;
  }
  const noun = value === 1 ? metric.one : metric.noun;
  return key === 'users' ? `${formatNumber(value)} ${noun}` : `${formatNumber(value)} ${noun} per month`;
}

function renderPlans() {
  const o = state.overview;
  const interval = chosenInterval();
  renderIntervalToggle(byId('interval-toggle'), state.plans, renderPlans);
  const currentIndex = state.plans.findIndex((p) => p.id === o.plan);
  fill(
    byId('plan-grid'),
    state.plans.map((p, index) => {
      const isCurrent = p.id === o.plan;
      const free = p.price.amount === 0;
      return h(
        'li',
        { className: 'plan', 'data-testid': `plan-card-${p.id}`, 'data-current': String(isCurrent) },
        h(
          'div',
          { className: 'plan-head' },
          h('h3', { className: 'plan-name' }, p.name),
          isCurrent ? h('span', { className: 'plan-tag' }, 'Current plan') : null,
        ),
        h('p', { className: 'plan-price' }, priceLine(p, interval)),
        trialLine(p),
        h(
          'ul',
          { className: 'plan-features' },
          Object.keys(p.limits).map((key) => h('li', {}, limitLine(p, key))),
          featureItems(p),
        ),
        h('div', { className: 'plan-action' }, planAction(p, isCurrent, free, index < currentIndex)),
      );
    }),
  );
}

function planAction(p, isCurrent, free, below) {
  const o = state.overview;
  if (isCurrent) {
    return h('p', { className: 'plan-note' }, 'Your current plan');
  }
  if (!isAdmin) {
    return h('p', { className: 'plan-note' }, 'An admin can change the plan');
  }
  if (o.upgradeOptions.includes(p.id)) {
    return h(
      'button',
      {
        type: 'button',
        className: 'button button-primary',
        'data-testid': `upgrade-${p.id}`,
        onClick: (event) => act(event.currentTarget, () => upgrade(p.id)),
      },
      `Upgrade to ${p.name}`,
    );
  }
  if (below && !free && isLive(o)) {
    return h(
      'button',
      {
        type: 'button',
        className: 'button button-secondary',
        'data-testid': `change-plan-${p.id}`,
        onClick: (event) => act(event.currentTarget, () => changePlan(p.id)),
      },
      `Switch to ${p.name}`,
    );
  }
  if (free) {
    return h('p', { className: 'plan-note' }, 'Where you return if you cancel');
  }
  return h('p', { className: 'plan-note' }, '');
}

function renderMembers() {
  const o = state.overview;
  const seats = o.usage.users;
  const seatsText = byId('seats-left');
  if (!seats || seats.limit === null || seats.limit === undefined) {
    seatsText.textContent = `${formatNumber(state.members.length)} members · unlimited seats`;
  } else {
    const left = Math.max(0, seats.limit - seats.used);
    seatsText.textContent = `${formatNumber(seats.used)} of ${formatNumber(seats.limit)} seats used · ${formatNumber(left)} left`;
  }
  fill(
    byId('member-list'),
    state.members.map((member) =>
      h(
        'li',
        { className: 'member', 'data-member-id': member.id },
        h(
          'span',
          { className: 'member-email' },
          member.email,
          member.id === session.user.id ? h('span', { className: 'member-you' }, ' (you)') : null,
        ),
        h('span', { className: 'role', 'data-role': member.role }, member.role === 'admin' ? 'Admin' : 'Member'),
      ),
    ),
  );
  show(byId('member-form'), isAdmin);
}

// ---- start ----

function wire() {
  byId('org-name').textContent = session.organization?.name ?? '';
  byId('user-email').textContent = session.user?.email ?? '';
  byId('logout').addEventListener('click', () => {
    clearSession();
    location.assign('/login');
  });
  byId('manage-billing').addEventListener('click', (e) => act(e.currentTarget, manageBilling));
  byId('cancel-subscription').addEventListener('click', (e) => act(e.currentTarget, cancel));
  byId('resume-subscription').addEventListener('click', (e) => act(e.currentTarget, resume));
  byId('member-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    act(form.querySelector('button[type="submit"]'), () => addMember(form));
  });
}

async function start() {
  if (!session) {
    goToLogin();
    return;
  }
  if (location.pathname === '/') {
    history.replaceState(null, '', '/settings?tab=billing');
  }
  wire();
  const params = new URLSearchParams(location.search);
  let afterReturn = () => {};
  if (params.has('checkout')) {
    try {
      afterReturn = await confirmReturn(params);
    } catch (error) {
      showError(error);
    }
  }
  try {
    await loadAll();
    afterReturn();
  } catch (error) {
    showError(error);
  } finally {
    byId('main').setAttribute('aria-busy', 'false');
    // Tests wait for this before reading the page.
    document.body.dataset.ready = 'true';
  }
}

start();

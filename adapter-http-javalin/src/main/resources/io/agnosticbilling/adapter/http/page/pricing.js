// Plan pricing on the billing page: the month/year toggle, each card's price for the chosen
// interval, its trial and its keyed features, and the trial end of the current subscription.
// billing.js renders the page; this module only answers what those parts show.
import { fill, h, show } from './dom.js';
import { formatDate, formatMoney } from './format.js';

const INTERVAL_KEY = 'billing.interval';

/** The interval the visitor chose last (this tab), else monthly. */
export function chosenInterval() {
  return sessionStorage.getItem(INTERVAL_KEY) === 'year' ? 'year' : 'month';
}

function choose(interval) {
  sessionStorage.setItem(INTERVAL_KEY, interval);
}

/** The plan's price at the interval, or its main price when it is not sold at it. */
export function priceFor(plan, interval) {
  const prices = plan.prices ?? [plan.price];
  return prices.find((p) => p.interval === interval) ?? plan.price;
}

/** Whether the plan can be bought at the interval. */
export function sells(plan, interval) {
  return (plan.prices ?? [plan.price]).some((p) => p.interval === interval);
}

/**
 * The toggle between monthly and yearly prices, shown only when a paid plan sells both;
 * {@code onChange} re-renders the cards.
 */
export function renderIntervalToggle(container, plans, onChange) {
  const offered = plans.some((p) => p.price.amount > 0 && sells(p, 'year') && sells(p, 'month'));
  show(container, offered);
  if (!offered) {
    return;
  }
  const current = chosenInterval();
  const option = (interval, label) =>
    h(
      'button',
      {
        type: 'button',
        className: 'interval-option',
        'data-testid': `interval-${interval}`,
        'aria-pressed': String(current === interval),
        onClick: () => {
          choose(interval);
          onChange();
        },
      },
      label,
    );
  fill(container, option('month', 'Monthly'), option('year', 'Yearly'));
}

/** The price line of a card: "$990 / year", or the main price when not sold at the interval. */
export function priceLine(plan, interval) {
  const price = priceFor(plan, interval);
  return [
    h('span', { className: 'plan-amount', 'data-testid': `plan-price-${plan.id}` }, formatMoney(price)),
    h('span', { className: 'muted' }, `/ ${price.interval}`),
  ];
}

/** "14-day free trial on your first subscription", or nothing. */
export function trialLine(plan) {
  if (!plan.trialDays) {
    return null;
  }
  return h(
    'p',
    { className: 'plan-trial', 'data-testid': `plan-trial-${plan.id}` },
    `${plan.trialDays}-day free trial on your first subscription`,
  );
}

/** The card's feature lines: granted ones ticked, the others (coming soon, not included) marked. */
export function featureItems(plan) {
  const details = plan.featureDetails ?? plan.features.map((text) => ({ key: text, enabled: true, text }));
  return details.map((f) =>
    h(
      'li',
      { 'data-feature': f.key, 'data-enabled': String(f.enabled), className: f.enabled ? null : 'feature-off' },
      f.text.charAt(0).toUpperCase() + f.text.slice(1),
    ),
  );
}

/** The current plan's price line, at the interval the subscription is billed. */
export function currentPriceText(plan, overview) {
  if (!plan || plan.price.amount === 0) {
    return 'Free, no card needed';
  }
  const price = priceFor(plan, overview.interval ?? plan.price.interval);
  return `${formatMoney(price)} per ${price.interval}`;
}

/** "Trial ends on <date>" while trialing, else nothing. */
export function trialEndLine(overview) {
  if (!overview.trialEnd) {
    return null;
  }
  return h(
    'p',
    { className: 'current-trial', 'data-testid': 'trial-end', 'data-trial-end': overview.trialEnd },
    'Trial ends on ',
    h('strong', {}, h('time', { datetime: overview.trialEnd }, formatDate(overview.trialEnd))),
    '.',
  );
}

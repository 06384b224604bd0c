// Numbers, money and dates as people read them; the server's own sentences are in US English, so
// the page formats the same way.
const LOCALE = 'en-US';
const numbers = new Intl.NumberFormat(LOCALE);
const dates = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' });
const dateTimes = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

export function formatNumber(n) {
  return numbers.format(n);
}

/** Minor units to a price: {amount: 9900, currency: "usd"} is "$99", 1999 is "$19.99". */
export function formatMoney({ amount, currency }) {
  const code = String(currency || 'usd').toUpperCase();
  const digits = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: code })
    .resolvedOptions().maximumFractionDigits;
  const scale = 10 ** digits;
  return new Intl.NumberFormat(LOCALE, {
    style: 'currency',
    currency: code,
    minimumFractionDigits: amount % scale === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(amount / scale);
}

export function formatDate(iso) {
  return dates.format(new Date(iso));
}

export function formatDateTime(iso) {
  return dateTimes.format(new Date(iso));
}

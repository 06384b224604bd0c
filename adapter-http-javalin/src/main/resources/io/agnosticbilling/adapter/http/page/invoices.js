// The organization's invoices from the payment provider (admins only): number, date, amount,
// status and links to the provider's page and PDF. Renders into #invoice-list.
import { api } from './api.js';
import { byId, fill, h, show } from './dom.js';
import { formatDate, formatMoney } from './format.js';

const STATUS = {
  paid: 'Paid',
  open: 'Open',
  draft: 'Draft',
  void: 'Void',
  uncollectible: 'Uncollectible',
};

/** Loads and shows the newest invoices; the section stays hidden for members. */
export async function loadInvoices(isAdmin, limit = 10) {
  const section = byId('invoices');
  show(section, isAdmin);
  if (!isAdmin) {
    return;
  }
  renderInvoices(await api('GET', `/api/billing/invoices?limit=${limit}`));
}

export function renderInvoices(invoices) {
  const list = byId('invoice-list');
  list.dataset.count = String(invoices.length);
  if (invoices.length === 0) {
    fill(list, h('li', { className: 'invoice-empty muted' }, 'No invoices yet.'));
    return;
  }
  fill(
    list,
    invoices.map((invoice) =>
      h(
        'li',
        { className: 'invoice', 'data-invoice-id': invoice.id, 'data-testid': 'invoice' },
        h('span', { className: 'invoice-number' }, invoice.number ?? 'Draft'),
        h('time', { className: 'invoice-date', datetime: invoice.created }, formatDate(invoice.created)),
        h('span', { className: 'invoice-amount' }, formatMoney(invoice.amount)),
        h(
          'span',
          { className: 'badge invoice-status', 'data-status': invoice.status },
          STATUS[invoice.status] ?? invoice.status,
        ),
        h(
          'span',
          { className: 'invoice-links' },
          invoice.hostedInvoiceUrl
            ? h(
                'a',
                { href: invoice.hostedInvoiceUrl, rel: 'noopener noreferrer', target: '_blank' },
                'View',
                h('span', { className: 'visually-hidden' }, ` invoice ${invoice.number ?? ''}`),
              )
            : null,
          invoice.pdfUrl
            ? h(
                'a',
                { href: invoice.pdfUrl, rel: 'noopener noreferrer', target: '_blank' },
                'PDF',
                h('span', { className: 'visually-hidden' }, ` of invoice ${invoice.number ?? ''}`),
              )
            : null,
        ),
      ),
    ),
  );
}

package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.invoice.InvoiceSummary;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.util.List;

/**
 * Use case: the organization's invoices from the payment provider, newest first. An organization
 * that never had a customer at the provider has none.
 */
public interface ListInvoices {
  /** The default number of invoices answered. */
  int DEFAULT_LIMIT = 10;

  /** The most invoices one call answers. */
  int MAX_LIMIT = 100;

  /**
   * At most {@code limit} invoices, newest first.
   *
   * @throws io.agnosticbilling.domain.error.InvalidInputException when {@code limit} is outside 1
   *     to {@link #MAX_LIMIT}
   */
  List<InvoiceSummary> invoices(OrganizationId organizationId, int limit);
}

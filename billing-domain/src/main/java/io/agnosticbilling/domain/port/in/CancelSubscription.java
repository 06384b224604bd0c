package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/**
 * Use case: cancel the live subscription at the end of its period (it can be resumed until then),
 * or now (it ends at once at the provider). Either clears a scheduled plan change.
 */
public interface CancelSubscription {

  /** When the subscription ends. */
  enum When {
    /** At the end of the current period; the paid plan stays until then. */
    PERIOD_END,
    /** At once. */
    NOW
  }

  BillingOverview cancel(OrganizationId organizationId, When when);

  /** Cancels at the end of the period. */
  default BillingOverview cancel(OrganizationId organizationId) {
    return cancel(organizationId, When.PERIOD_END);
  }
}

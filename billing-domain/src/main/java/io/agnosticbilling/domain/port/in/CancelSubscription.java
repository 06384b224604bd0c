package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/** Use case: cancel the live subscription at the end of its period. */
public interface CancelSubscription {

  BillingOverview cancel(OrganizationId organizationId);
}

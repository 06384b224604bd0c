package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/** Use case: the organization's plan, status, period, limits, usage and alerts. */
public interface GetBillingOverview {

  BillingOverview overview(OrganizationId organizationId);
}

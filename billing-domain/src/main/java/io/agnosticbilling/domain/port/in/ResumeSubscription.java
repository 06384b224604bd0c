package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/** Use case: undo a cancel at period end before the period ends. */
public interface ResumeSubscription {

  BillingOverview resume(OrganizationId organizationId);
}

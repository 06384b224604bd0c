package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/**
 * Use case: undo what is scheduled for the end of the period: a cancellation (of any kind) and a
 * scheduled plan change.
 */
public interface ResumeSubscription {

  BillingOverview resume(OrganizationId organizationId);
}

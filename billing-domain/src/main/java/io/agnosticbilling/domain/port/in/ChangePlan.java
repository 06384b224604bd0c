package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;

/** Use case: swap the plan of the live subscription, with proration. */
public interface ChangePlan {

  BillingOverview changePlan(OrganizationId organizationId, PlanId plan);
}

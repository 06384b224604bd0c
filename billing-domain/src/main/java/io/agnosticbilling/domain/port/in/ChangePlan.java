package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import java.util.Optional;

/**
 * Use case: change the plan of the live subscription, now with proration or at the end of the
 * current period (a provider schedule, shown in the overview as the scheduled change). Without a
 * {@link When}, an upgrade happens now and a downgrade at the end of the period. A new change
 * replaces a scheduled one.
 */
public interface ChangePlan {

  /** When the change takes effect. */
  enum When {
    /** At once, with proration. */
    NOW,
    /** At the end of the current period, without proration. */
    PERIOD_END
  }

  BillingOverview changePlan(OrganizationId organizationId, PlanId plan, Optional<When> when);

  /** The change at its default time: upgrades now, downgrades at the end of the period. */
  default BillingOverview changePlan(OrganizationId organizationId, PlanId plan) {
    return changePlan(organizationId, plan, Optional.empty());
  }
}

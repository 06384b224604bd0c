package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.usage.UsagePeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What an organization is entitled to at an instant: its effective plan and usage period. */
final class Entitlements {
  private final PlanCatalog catalog;
  private final AccessPolicy policy;

  Entitlements(PlanCatalog catalog, AccessPolicy policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  PlanCatalog catalog() {
    return catalog;
  }

  AccessPolicy policy() {
    return policy;
  }

  Plan effectivePlan(Organization organization, Instant now) {
    return organization.effectivePlan(catalog, policy, now);
  }

  /**
   * How a subscription of {@code plan} at {@code priceId} is billed: the interval of that price
   * when the plan is sold at it now, else the length of its period (a former yearly price still
   * bills yearly).
   */
  static BillingInterval billedInterval(
      Optional<Plan> plan, String priceId, Instant periodStart, Instant periodEnd) {
    return plan.flatMap(p -> p.intervalOf(priceId))
        .orElseGet(
            () ->
                Duration.between(periodStart, periodEnd).compareTo(SubscriptionStats.YEARLY_PERIOD)
                        > 0
                    ? BillingInterval.YEAR
                    : BillingInterval.MONTH);
  }

  /**
   * The subscription's current period while a paid plan is effective, otherwise the calendar month
   * in UTC. A period that ended without a renewal event yet is rolled forward by its own length, so
   * its start matches the renewal the provider will report.
   */
  UsagePeriod period(Organization organization, Instant now) {
    Plan plan = effectivePlan(organization, now);
    Optional<Subscription> current = organization.currentSubscription();
    if (plan.isFree() || current.isEmpty()) {
      return UsagePeriod.calendarMonthOf(now);
    }
    Instant start = current.get().currentPeriodStart();
    Instant end = current.get().currentPeriodEnd();
    Duration length = Duration.between(start, end);
    if (length.isZero()) {
      return UsagePeriod.calendarMonthOf(now);
    }
    while (!now.isBefore(end)) {
      start = end;
      end = end.plus(length);
    }
    if (now.isBefore(start)) {
      return UsagePeriod.calendarMonthOf(now);
    }
    return new UsagePeriod(start, end);
  }
}

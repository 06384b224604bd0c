package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.BillingOverview.ScheduledPlanChange;
import io.agnosticbilling.domain.port.in.BillingOverview.UsageFigure;
import io.agnosticbilling.domain.port.in.GetBillingOverview;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.subscription.Entitlement;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Use case: the billing overview of one organization, derived from its state and the clock. */
public final class OverviewService implements GetBillingOverview {
  private final OrganizationUpdater organizations;
  private final Entitlements entitlements;
  private final UsageCounters counters;
  private final UsageAlerts alerts;
  private final Members members;
  private final PaymentProvider provider;
  private final Clock clock;

  OverviewService(
      OrganizationUpdater organizations,
      Entitlements entitlements,
      UsageCounters counters,
      UsageAlerts alerts,
      Members members,
      PaymentProvider provider,
      Clock clock) {
    this.organizations = organizations;
    this.entitlements = entitlements;
    this.counters = counters;
    this.alerts = alerts;
    this.members = members;
    this.provider = provider;
    this.clock = clock;
  }

  @Override
  public BillingOverview overview(OrganizationId organizationId) {
    return of(organizations.require(organizationId));
  }

  BillingOverview of(Organization organization) {
    Instant now = clock.instant();
    Plan plan = entitlements.effectivePlan(organization, now);
    UsagePeriod period = entitlements.period(organization, now);
    Optional<Subscription> current = organization.currentSubscription();
    Optional<Entitlement> entitlement = organization.entitlement(entitlements.policy());

    Map<Metric, UsageFigure> usage = new EnumMap<>(Metric.class);
    boolean overLimit = false;
    for (Metric metric : Metric.values()) {
      long used =
          metric.metered()
              ? counters.used(new UsageKey(organization.id(), metric, period.start()))
              : members.count(organization.id());
      Quota limit = plan.limit(metric);
      usage.put(metric, new UsageFigure(used, limit, percent(used, limit)));
      overLimit |= !limit.allows(used, 0);
    }
    return new BillingOverview(
        organization.id(),
        plan.id(),
        plan.name(),
        current.map(Subscription::plan),
        current.map(Subscription::status),
        current.map(Subscription::cancelAtPeriodEnd).orElse(false),
        entitlement.filter(e -> e.grantsAt(now)).flatMap(Entitlement::until),
        period,
        plan.limits(),
        usage,
        alerts.list(organization.id(), period.start()),
        overLimit,
        entitlements.catalog().above(plan).stream().map(Plan::id).toList(),
        provider.configured() && organization.customerId().isPresent(),
        current.flatMap(s -> scheduledChange(s, now)));
  }

  /** The pending change of the subscription, if its price sells a plan of the catalog. */
  private Optional<ScheduledPlanChange> scheduledChange(Subscription subscription, Instant now) {
    return subscription
        .pendingChange(now)
        .flatMap(
            c ->
                entitlements
                    .catalog()
                    .byProviderPrice(c.priceId(), c.productId())
                    .map(p -> new ScheduledPlanChange(p.id(), p.name(), c.at())));
  }

  static OptionalInt percent(long used, Quota limit) {
    if (limit.isUnlimited()) {
      return OptionalInt.empty();
    }
    long bound = limit.limit().getAsLong();
    if (bound == 0) {
      return OptionalInt.of(used == 0 ? 0 : 100);
    }
    return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, used * 100 / bound));
  }
}

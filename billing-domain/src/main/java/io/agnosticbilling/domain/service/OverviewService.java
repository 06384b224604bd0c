package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.BillingOverview.UsageFigure;
import io.agnosticbilling.domain.port.in.GetBillingOverview;
import io.agnosticbilling.domain.port.in.GetEntitlements;
import io.agnosticbilling.domain.port.in.OrganizationEntitlements;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.subscription.Entitlement;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Use case: the billing overview of one organization, derived from its state and the clock. */
public final class OverviewService implements GetBillingOverview, GetEntitlements {

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

    Map<Metric, UsageFigure> usage = usage(organization, plan, period);
    boolean overLimit =
        usage.values().stream().anyMatch(figure -> !figure.limit().allows(figure.used(), 0));
    return new BillingOverview(
        organization.id(),
        plan.id(),
        plan.name(),
        current.map(Subscription::plan),
        current.map(Subscription::status),
        current.map(Subscription::cancelAtPeriodEnd).orElse(false),
        entitlement.filter(e -> e.grantsAt(now)).flatMap(Entitlement::until),
        period,
        limitsInOrder(plan),
        usage,
        alerts.list(organization.id(), period.start()),
        overLimit,
        entitlements.catalog().above(plan).stream().map(Plan::id).toList(),
        provider.configured() && organization.customerId().isPresent(),
        trialEnd(current),
        current.filter(s -> !s.status().isTerminal()).map(this::intervalOf));
  }

  @Override
  public OrganizationEntitlements entitlements(OrganizationId organizationId) {
    Organization organization = organizations.require(organizationId);
    Instant now = clock.instant();
    Plan plan = entitlements.effectivePlan(organization, now);
    UsagePeriod period = entitlements.period(organization, now);
    Optional<Subscription> current = organization.currentSubscription();
    Map<String, Boolean> features = new LinkedHashMap<>();
    for (String key : entitlements.catalog().featureKeys()) {
      features.put(key, plan.grants(key));
    }
    return new OrganizationEntitlements(
        organization.id(),
        plan.id(),
        current.map(Subscription::status),
        trialEnd(current),
        features,
        limitsInOrder(plan),
        usage(organization, plan, period));
  }

  /** Each metric of the catalog, users first: members for the gauge, the period's counter else. */
  private Map<Metric, UsageFigure> usage(Organization organization, Plan plan, UsagePeriod period) {
    Map<Metric, UsageFigure> usage = new LinkedHashMap<>();
    for (MetricDefinition definition : entitlements.catalog().metrics()) {
      Metric metric = definition.metric();
      long used =
          definition.metered()
              ? counters.used(new UsageKey(organization.id(), metric, period.start()))
              : members.count(organization.id());
      Quota limit = plan.limit(metric);
      usage.put(metric, new UsageFigure(used, limit, percent(used, limit)));
    }
    return usage;
  }

  private Map<Metric, Quota> limitsInOrder(Plan plan) {
    Map<Metric, Quota> limits = new LinkedHashMap<>();
    for (MetricDefinition definition : entitlements.catalog().metrics()) {
      limits.put(definition.metric(), plan.limit(definition.metric()));
    }
    return limits;
  }

  private static Optional<Instant> trialEnd(Optional<Subscription> current) {
    return current
        .filter(s -> s.status() == SubscriptionStatus.TRIALING)
        .flatMap(Subscription::trialEnd);
  }

  /**
   * The interval of the subscription's price when the catalog sells the plan at it now, else the
   * length of its period (a former yearly price still bills yearly).
   */
  private BillingInterval intervalOf(Subscription subscription) {
    return entitlements
        .catalog()
        .find(subscription.plan())
        .flatMap(p -> p.intervalOf(subscription.priceId()))
        .orElseGet(
            () ->
                Duration.between(subscription.currentPeriodStart(), subscription.currentPeriodEnd())
                            .compareTo(SubscriptionStats.YEARLY_PERIOD)
                        > 0
                    ? BillingInterval.YEAR
                    : BillingInterval.MONTH);
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

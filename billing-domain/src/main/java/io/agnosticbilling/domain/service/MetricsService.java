package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.port.in.BillingMetrics;
import io.agnosticbilling.domain.port.in.GetBillingMetrics;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.BillingReports.CheckoutCounts;
import io.agnosticbilling.domain.port.out.BillingReports.StatsWindow;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.webhook.WebhookStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Use case: operator metrics. The stores count and group; this service applies the access policy to
 * the groups, so effective plans follow the same rules as everywhere else.
 */
public final class MetricsService implements GetBillingMetrics {
  /** The provider's event type for a failed invoice payment. */
  static final String PAYMENT_FAILED_TYPE = "invoice.payment_failed";

  static final Duration CHURN_WINDOW = Duration.ofDays(30);

  private final BillingReports reports;
  private final Entitlements entitlements;
  private final Clock clock;

  MetricsService(BillingReports reports, Entitlements entitlements, Clock clock) {
    this.reports = reports;
    this.entitlements = entitlements;
    this.clock = clock;
  }

  @Override
  public BillingMetrics metrics() {
    Instant now = clock.instant();
    Instant dayStart = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    Instant windowStart = now.minus(CHURN_WINDOW);
    Instant graceCutoff = now.minus(entitlements.policy().pastDueGrace());
    WebhookStats webhooks = reports.webhookStats(now.minus(Duration.ofHours(1)), dayStart);
    CheckoutCounts checkouts = reports.checkoutCounts(dayStart);
    SubscriptionStats stats =
        reports.subscriptionStats(new StatsWindow(now, dayStart, windowStart, graceCutoff));

    Map<String, Long> byStatus = new TreeMap<>();
    Map<String, Long> bySubscribedPlan = new TreeMap<>();
    Map<String, Long> byEffectivePlan = new TreeMap<>();
    for (Plan plan : entitlements.catalog().plans()) {
      byEffectivePlan.put(plan.id().value(), 0L);
    }
    Plan free = entitlements.catalog().free();
    long grouped = 0;
    // Per currency: amounts in different currencies are never added.
    Map<String, Long> mrr = new TreeMap<>();
    for (SubscriptionStats.Group g : stats.groups()) {
      grouped += g.count();
      byStatus.merge(g.status().wireName(), g.count(), Long::sum);
      bySubscribedPlan.merge(g.plan().value(), g.count(), Long::sum);
      boolean paid =
          entitlements
              .policy()
              .grantsPaidPlan(g.status(), g.cancelAtPeriodEnd(), g.periodEnded(), g.withinGrace());
      Plan effective = paid ? entitlements.catalog().find(g.plan()).orElse(free) : free;
      byEffectivePlan.merge(effective.id().value(), g.count(), Long::sum);
      if (!effective.isFree()) {
        mrr.merge(
            effective.price().currency(), monthly(effective, g.yearly()) * g.count(), Long::sum);
      }
    }
    byEffectivePlan.merge(free.id().value(), stats.totalOrganizations() - grouped, Long::sum);
    double churn =
        stats.paidAtWindowStart() == 0
            ? 0.0
            : (double) stats.canceledInWindow() / stats.paidAtWindowStart();
    return new BillingMetrics(
        now,
        webhooks.receivedLastHour(),
        webhooks.receivedToday(),
        webhooks.failedToday(),
        webhooks.livemodeMismatchesToday(),
        webhooks.receivedTodayByType(),
        checkouts.created(),
        checkouts.confirmed(),
        byStatus,
        bySubscribedPlan,
        stats.startedToday(),
        stats.canceledInWindow(),
        churn,
        // Applied failures only: a livemode mismatch, an invoice not ours or a repeat is no
        // failed payment of ours.
        webhooks.processedTodayByType().getOrDefault(PAYMENT_FAILED_TYPE, 0L),
        byEffectivePlan,
        mrr.entrySet().stream().map(e -> new Money(e.getValue(), e.getKey())).toList());
  }

  /**
   * The plan's price per month in minor units for a subscription billed yearly or not: a yearly
   * price counts a twelfth. A yearly period on a plan the catalog prices monthly only (a former
   * yearly price) counts the monthly price.
   */
  static long monthly(Plan plan, boolean billedYearly) {
    if (plan.interval() == BillingInterval.YEAR) {
      return plan.price().amountMinor() / 12;
    }
    if (billedYearly && plan.yearlyPrice().isPresent()) {
      return plan.yearlyPrice().get().amountMinor() / 12;
    }
    return plan.price().amountMinor();
  }
}

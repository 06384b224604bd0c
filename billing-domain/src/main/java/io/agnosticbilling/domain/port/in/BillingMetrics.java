package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.plan.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Value object: operator metrics. "Today" is the UTC day of {@code at}; churn is over the 30 days
 * before {@code at}: canceled in window / paid at window start (0 when nobody was paid). Monthly
 * recurring revenue is one amount per currency of the effective paid plans, in currency order (none
 * when nobody pays); {@code failedPaymentsToday} counts applied payment failures.
 */
public record BillingMetrics(
    Instant at,
    long webhooksLastHour,
    long webhooksToday,
    long webhooksFailedToday,
    long livemodeMismatchesToday,
    Map<String, Long> webhooksTodayByType,
    long checkoutsCreatedToday,
    long checkoutsConfirmedToday,
    Map<String, Long> subscriptionsByStatus,
    Map<String, Long> subscriptionsByPlan,
    long newPaidSubscriptionsToday,
    long cancellationsLast30Days,
    double churnRateLast30Days,
    long failedPaymentsToday,
    Map<String, Long> organizationsByPlan,
    List<Money> monthlyRecurringRevenue) {
  public BillingMetrics {
    webhooksTodayByType = Map.copyOf(webhooksTodayByType);
    subscriptionsByStatus = Map.copyOf(subscriptionsByStatus);
    subscriptionsByPlan = Map.copyOf(subscriptionsByPlan);
    organizationsByPlan = Map.copyOf(organizationsByPlan);
    monthlyRecurringRevenue = List.copyOf(monthlyRecurringRevenue);
  }
}

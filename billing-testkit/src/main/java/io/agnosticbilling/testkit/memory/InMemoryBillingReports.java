package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.CheckoutSessions.CheckoutRecord;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStats;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adapter: the reporting reads, computed over the in-memory stores' current contents. */
public final class InMemoryBillingReports implements BillingReports {
  private final InMemoryOrganizations organizations;
  private final InMemoryWebhookLog webhookLog;
  private final InMemoryCheckoutSessions checkoutSessions;

  public InMemoryBillingReports(
      InMemoryOrganizations organizations,
      InMemoryWebhookLog webhookLog,
      InMemoryCheckoutSessions checkoutSessions) {
    this.organizations = organizations;
    this.webhookLog = webhookLog;
    this.checkoutSessions = checkoutSessions;
  }

  @Override
  public SubscriptionStats subscriptionStats(StatsWindow window) {
    List<Organization> all = organizations.all();
    Map<GroupKey, Long> groups = new LinkedHashMap<>();
    for (Organization org : all) {
      org.currentSubscription().ifPresent(s -> groups.merge(GroupKey.of(s, window), 1L, Long::sum));
    }
    List<Subscription> subscriptions =
        all.stream().flatMap(o -> o.subscriptions().stream()).toList();
    long startedToday =
        subscriptions.stream().filter(s -> !s.startedAt().isBefore(window.dayStart())).count();
    long canceledInWindow =
        subscriptions.stream()
            .filter(
                s ->
                    s.canceledAt()
                        .filter(at -> !at.isBefore(window.churnWindowStart()))
                        .isPresent())
            .count();
    long paidAtWindowStart = subscriptions.stream().filter(s -> paidAt(s, window)).count();
    return new SubscriptionStats(
        all.size(),
        groups.entrySet().stream().map(e -> e.getKey().toGroup(e.getValue())).toList(),
        startedToday,
        canceledInWindow,
        paidAtWindowStart);
  }

  @Override
  public WebhookStats webhookStats(Instant hourAgo, Instant dayStart) {
    List<WebhookLogEntry> entries = webhookLog.all();
    List<WebhookLogEntry> today =
        entries.stream().filter(e -> !e.receivedAt().isBefore(dayStart)).toList();
    long lastHour = entries.stream().filter(e -> !e.receivedAt().isBefore(hourAgo)).count();
    long failed = today.stream().filter(e -> e.status() == WebhookStatus.ERROR).count();
    long mismatches =
        today.stream()
            .filter(e -> e.status() == WebhookStatus.IGNORED)
            .filter(e -> e.detail().filter(WebhookLog.LIVEMODE_MISMATCH::equals).isPresent())
            .count();
    Map<String, Long> byType = new TreeMap<>();
    today.forEach(e -> byType.merge(e.type(), 1L, Long::sum));
    Map<String, Long> processedByType = new TreeMap<>();
    today.stream()
        .filter(e -> e.status() == WebhookStatus.PROCESSED)
        .forEach(e -> processedByType.merge(e.type(), 1L, Long::sum));
    return new WebhookStats(lastHour, today.size(), failed, mismatches, byType, processedByType);
  }

  @Override
  public CheckoutCounts checkoutCounts(Instant since) {
    List<CheckoutRecord> all = checkoutSessions.all();
    long created = all.stream().filter(r -> !r.createdAt().isBefore(since)).count();
    long confirmed =
        all.stream()
            .filter(r -> r.confirmedAt().filter(at -> !at.isBefore(since)).isPresent())
            .count();
    return new CheckoutCounts(created, confirmed);
  }

  private static boolean paidAt(Subscription s, StatsWindow window) {
    boolean startedBefore = s.startedAt().isBefore(window.churnWindowStart());
    boolean canceledBefore =
        s.canceledAt().filter(at -> at.isBefore(window.churnWindowStart())).isPresent();
    boolean incomplete =
        s.status() == SubscriptionStatus.INCOMPLETE
            || s.status() == SubscriptionStatus.INCOMPLETE_EXPIRED;
    return startedBefore && !canceledBefore && !incomplete;
  }

  private record GroupKey(
      SubscriptionStatus status,
      PlanId plan,
      boolean cancelAtPeriodEnd,
      boolean periodEnded,
      boolean withinGrace,
      boolean yearly) {

    static GroupKey of(Subscription s, StatsWindow window) {
      return new GroupKey(
          s.status(),
          s.plan(),
          s.cancelAtPeriodEnd(),
          !s.currentPeriodEnd().isAfter(window.now()),
          s.graceStartsAt().isAfter(window.graceCutoff()),
          Duration.between(s.currentPeriodStart(), s.currentPeriodEnd())
                  .compareTo(SubscriptionStats.YEARLY_PERIOD)
              > 0);
    }

    SubscriptionStats.Group toGroup(long count) {
      return new SubscriptionStats.Group(
          status, plan, cancelAtPeriodEnd, periodEnded, withinGrace, yearly, count);
    }
  }
}

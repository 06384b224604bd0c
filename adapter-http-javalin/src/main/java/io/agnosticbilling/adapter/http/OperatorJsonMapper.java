package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.in.BillingMetrics;
import io.agnosticbilling.domain.port.in.DriftReport;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps operator values (metrics, webhook log, replay outcome, drift report) to JSON. Raw payloads
 * stay out of the webhook list: they hold customer details an overview does not need.
 */
final class OperatorJsonMapper {
  private OperatorJsonMapper() {}

  record MoneyJson(long amount, String currency) {}

  record MetricsJson(
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
      List<MoneyJson> monthlyRecurringRevenue) {}

  record WebhookEntryJson(
      String eventId,
      String type,
      String status,
      int attempts,
      @Nullable String error,
      @Nullable String detail,
      @Nullable String organizationId,
      boolean livemode,
      Instant eventCreated,
      Instant receivedAt,
      Instant updatedAt) {}

  record WebhookPageJson(List<WebhookEntryJson> items, int offset, int limit, Integer nextOffset) {}

  record OutcomeJson(String eventId, String status, boolean duplicate, @Nullable String detail) {}

  record DriftJson(
      int checked,
      int inSync,
      List<String> drifted,
      List<String> missingLocally,
      List<String> kept,
      List<String> unresolved,
      List<String> failed) {}

  static MetricsJson metrics(BillingMetrics m) {
    return new MetricsJson(
        m.at(),
        m.webhooksLastHour(),
        m.webhooksToday(),
        m.webhooksFailedToday(),
        m.livemodeMismatchesToday(),
        sorted(m.webhooksTodayByType()),
        m.checkoutsCreatedToday(),
        m.checkoutsConfirmedToday(),
        sorted(m.subscriptionsByStatus()),
        sorted(m.subscriptionsByPlan()),
        m.newPaidSubscriptionsToday(),
        m.cancellationsLast30Days(),
        m.churnRateLast30Days(),
        m.failedPaymentsToday(),
        sorted(m.organizationsByPlan()),
        m.monthlyRecurringRevenue().stream()
            .map(money -> new MoneyJson(money.amountMinor(), money.currency()))
            .toList());
  }

  /**
   * @param entries up to {@code limit + 1} entries; one more than the page means there is a next
   */
  static WebhookPageJson webhookPage(List<WebhookLogEntry> entries, int offset, int limit) {
    boolean more = entries.size() > limit;
    List<WebhookEntryJson> items =
        entries.stream().limit(limit).map(OperatorJsonMapper::webhookEntry).toList();
    return new WebhookPageJson(items, offset, limit, more ? offset + limit : null);
  }

  static WebhookEntryJson webhookEntry(WebhookLogEntry e) {
    return new WebhookEntryJson(
        e.eventId(),
        e.type(),
        e.status().wireName(),
        e.attempts(),
        e.error().orElse(null),
        e.detail().orElse(null),
        e.organizationId().map(OrganizationId::value).orElse(null),
        e.livemode(),
        e.eventCreated(),
        e.receivedAt(),
        e.updatedAt());
  }

  static OutcomeJson outcome(EventOutcome o) {
    return new OutcomeJson(
        o.eventId(), o.status().wireName(), o.duplicate(), o.detail().orElse(null));
  }

  static DriftJson drift(DriftReport r) {
    return new DriftJson(
        r.checked(),
        r.inSync(),
        r.drifted(),
        r.missingLocally(),
        r.kept(),
        r.unresolved(),
        r.failed());
  }

  private static Map<String, Long> sorted(Map<String, Long> counts) {
    return new TreeMap<>(counts);
  }
}

package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.in.GetBillingMetrics;
import io.agnosticbilling.domain.port.in.ListWebhookEvents;
import io.agnosticbilling.domain.port.in.ReconcileSubscriptions;
import io.agnosticbilling.domain.port.in.ReplayWebhook;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Handlers of {@code /api/admin}: metrics, the webhook log, replay and reconciliation. */
final class OperatorHandlers {
  static final int DEFAULT_PAGE_SIZE = 50;
  // One below the domain's page cap, since a page asks for one entry more.
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_OFFSET = 1_000_000;
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private final GetBillingMetrics metrics;
  private final ListWebhookEvents webhookEvents;
  private final ReplayWebhook replay;
  private final ReconcileSubscriptions reconcile;

  OperatorHandlers(
      GetBillingMetrics metrics,
      ListWebhookEvents webhookEvents,
      ReplayWebhook replay,
      ReconcileSubscriptions reconcile) {
    this.metrics = metrics;
    this.webhookEvents = webhookEvents;
    this.replay = replay;
    this.reconcile = reconcile;
  }

  ApiResponse metrics(ApiCall call) {
    return ApiResponse.ok(OperatorJsonMapper.metrics(metrics.metrics()));
  }

  ApiResponse webhooks(ApiCall call) {
    Optional<WebhookStatus> status =
        call.query("status")
            .map(
                s ->
                    WebhookStatus.fromWireName(s)
                        .orElseThrow(
                            () ->
                                ApiException.invalid(
                                    "status",
                                    "'status' must be one of "
                                        + Arrays.stream(WebhookStatus.values())
                                            .map(WebhookStatus::wireName)
                                            .toList())));
    int offset = call.intQuery("offset", 0, 0, MAX_OFFSET);
    int limit = call.intQuery("limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    // One entry past the page tells whether there is a next page without a count query.
    List<WebhookLogEntry> entries = webhookEvents.webhookEvents(status, offset, limit + 1);
    return ApiResponse.ok(OperatorJsonMapper.webhookPage(entries, offset, limit));
  }

  ApiResponse replay(ApiCall call) {
    String eventId = call.pathParam("eventId");
    if (!EVENT_ID.matcher(eventId).matches()) {
      throw ApiException.invalid("eventId", "'eventId' is not an event id");
    }
    return ApiResponse.ok(OperatorJsonMapper.outcome(replay.replay(eventId)));
  }

  ApiResponse reconcile(ApiCall call) {
    return ApiResponse.ok(OperatorJsonMapper.drift(reconcile.reconcile()));
  }
}

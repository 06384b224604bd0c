package io.agnosticbilling.domain.webhook;

import java.util.Map;

/** Value object: webhook log counts for operators, computed by the store. */
public record WebhookStats(
    long receivedLastHour,
    long receivedToday,
    long failedToday,
    long livemodeMismatchesToday,
    Map<String, Long> receivedTodayByType) {
  public WebhookStats {
    receivedTodayByType = Map.copyOf(receivedTodayByType);
  }
}

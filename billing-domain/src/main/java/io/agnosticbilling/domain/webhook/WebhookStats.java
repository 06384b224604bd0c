package io.agnosticbilling.domain.webhook;

import java.util.Map;

/**
 * Value object: webhook log counts for operators, computed by the store.
 *
 * @param processedTodayByType events received today and applied ({@code processed}) by type: not
 *     ignored (livemode mismatches included), stale (a repeat of what was applied) or failed
 */
public record WebhookStats(
    long receivedLastHour,
    long receivedToday,
    long failedToday,
    long livemodeMismatchesToday,
    Map<String, Long> receivedTodayByType,
    Map<String, Long> processedTodayByType) {
  public WebhookStats {
    receivedTodayByType = Map.copyOf(receivedTodayByType);
    processedTodayByType = Map.copyOf(processedTodayByType);
  }
}

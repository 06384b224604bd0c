package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.webhook.WebhookStats;
import java.time.Instant;
import java.util.Objects;

/**
 * Outbound port: the reporting reads behind operator metrics, kept off the repositories the write
 * path uses. Each store computes the counts where the data lives.
 */
public interface BillingReports {

  /** Organization and subscription counts at the instants of {@code window}. */
  SubscriptionStats subscriptionStats(StatsWindow window);

  /**
   * Provider events: received since {@code hourAgo}, received and failed since {@code dayStart},
   * ignored for a livemode mismatch since {@code dayStart} (detail {@value
   * WebhookLog#LIVEMODE_MISMATCH}), received since {@code dayStart} by type.
   */
  WebhookStats webhookStats(Instant hourAgo, Instant dayStart);

  /** Checkout sessions created, and first confirmed, at or after {@code since}. */
  CheckoutCounts checkoutCounts(Instant since);

  /**
   * The instants the statistics are taken at: {@code now}, the start of today (UTC), the start of
   * the churn window, and the grace cut-off (a past_due subscription that entered past_due after it
   * is still within its grace window).
   */
  record StatsWindow(Instant now, Instant dayStart, Instant churnWindowStart, Instant graceCutoff) {
    public StatsWindow {
      Objects.requireNonNull(now, "'now' must not be null");
      Objects.requireNonNull(dayStart, "'dayStart' must not be null");
      Objects.requireNonNull(churnWindowStart, "'churnWindowStart' must not be null");
      Objects.requireNonNull(graceCutoff, "'graceCutoff' must not be null");
    }
  }

  /** Value object: how many Checkout sessions were created and confirmed. */
  record CheckoutCounts(long created, long confirmed) {
    public CheckoutCounts {
      if (created < 0) {
        throw new IllegalArgumentException("'created' must not be negative");
      }
      if (confirmed < 0) {
        throw new IllegalArgumentException("'confirmed' must not be negative");
      }
    }
  }
}

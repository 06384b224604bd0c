package io.agnosticbilling.adapter.sql;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Adapter: deletes what the store no longer needs, in chunks of {@value #CHUNK} rows so that no
 * single transaction holds the SQLite writer (or PostgreSQL row locks) for long: webhook log
 * entries received before the retention, usage counters and idempotency decisions whose period
 * ended more than a day ago, and notifications created before the retention that were delivered or,
 * with no channel configured, only listed (never attempted). A notification's id dedupes only while
 * its row exists; the webhook log entry of the event that made it goes at the same age, so a
 * redelivery after that is a new event anyway.
 */
public final class SqlPurge {
  static final int CHUNK = 1_000;

  /** A counter is kept a day past its period, for a late replay of the period's last records. */
  static final Duration USAGE_GRACE = Duration.ofDays(1);

  private final Database db;

  SqlPurge(Database db) {
    this.db = db;
  }

  /** Rows deleted by one {@link #run}. */
  public record Purged(
      long webhookEntries, long usageCounters, long usageDecisions, long notifications) {

    public long total() {
      return webhookEntries + usageCounters + usageDecisions + notifications;
    }
  }

  public Purged run(Instant now, Duration webhookRetention) {
    Objects.requireNonNull(now, "'now' must not be null");
    Objects.requireNonNull(webhookRetention, "'webhookRetention' must not be null");
    if (webhookRetention.isNegative() || webhookRetention.isZero()) {
      throw new IllegalArgumentException("'webhookRetention' must be positive");
    }
    long webhookCutoff = Micros.of(now.minus(webhookRetention));
    long usageCutoff = Micros.of(now.minus(USAGE_GRACE));
    return new Purged(
        chunked(
            "DELETE FROM webhook_log WHERE event_id IN (SELECT event_id FROM webhook_log"
                + " WHERE received_at < ? LIMIT "
                + CHUNK
                + ")",
            webhookCutoff),
        chunked(
            "DELETE FROM usage_counters WHERE (organization_id, metric, period_start) IN"
                + " (SELECT organization_id, metric, period_start FROM usage_counters"
                + " WHERE expires_at < ? LIMIT "
                + CHUNK
                + ")",
            usageCutoff),
        chunked(
            "DELETE FROM usage_decisions"
                + " WHERE (organization_id, metric, period_start, idempotency_key) IN"
                + " (SELECT organization_id, metric, period_start, idempotency_key"
                + " FROM usage_decisions WHERE expires_at < ? LIMIT "
                + CHUNK
                + ")",
            usageCutoff),
        // Failed ones stay for operators; pending ones already tried are still being delivered.
        chunked(
            "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox"
                + " WHERE (status = 'delivered' OR (status = 'pending' AND attempts = 0))"
                + " AND created_at < ? LIMIT "
                + CHUNK
                + ")",
            webhookCutoff));
  }

  private long chunked(String delete, long cutoff) {
    long total = 0;
    while (true) {
      int deleted = db.write(h -> h.update(delete, cutoff));
      total += deleted;
      if (deleted < CHUNK) {
        return total;
      }
    }
  }
}

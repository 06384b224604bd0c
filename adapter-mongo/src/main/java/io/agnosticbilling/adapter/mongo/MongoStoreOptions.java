package io.agnosticbilling.adapter.mongo;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Value object: the settings of the Mongo store.
 *
 * @param clock the time recorded on migrations and usage idempotency keys
 * @param webhookRetention how long webhook log entries are kept (TTL on {@code createdAt})
 * @param usageDecisionLease how long an idempotency key may stay undecided before another caller
 *     takes it over
 */
public record MongoStoreOptions(
    Clock clock, Duration webhookRetention, Duration usageDecisionLease) {
  public static final String DEFAULT_DATABASE = "automation_platform";

  public MongoStoreOptions {
    Objects.requireNonNull(clock, "'clock' must not be null");
    Objects.requireNonNull(webhookRetention, "'webhookRetention' must not be null");
    Objects.requireNonNull(usageDecisionLease, "'usageDecisionLease' must not be null");
    if (webhookRetention.toSeconds() < 1) {
      throw new IllegalArgumentException("'webhookRetention' must be at least one second");
    }
    if (usageDecisionLease.isNegative() || usageDecisionLease.isZero()) {
      throw new IllegalArgumentException("'usageDecisionLease' must be positive");
    }
  }

  /** 90 days of webhook log, 30 s decision lease, the system clock. */
  public static MongoStoreOptions defaults() {
    return new MongoStoreOptions(Clock.systemUTC(), Duration.ofDays(90), Duration.ofSeconds(30));
  }

  public MongoStoreOptions withClock(Clock clock) {
    return new MongoStoreOptions(clock, webhookRetention, usageDecisionLease);
  }

  public MongoStoreOptions withWebhookRetention(Duration retention) {
    return new MongoStoreOptions(clock, retention, usageDecisionLease);
  }
}

package io.agnosticbilling.adapter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Value object: how {@link RedisUsageCounters} keeps the durable store up to date and how it
 * behaves when Redis fails.
 *
 * @param mode write-through (default) or write-behind
 * @param flushInterval write-behind only: the longest an allowed increment waits for the durable
 *     store
 * @param expiryMargin counters expire this long after their period ends
 * @param retryInterval while Redis is down, how often one record tries it again
 */
public record RedisCounterSettings(
    CounterMode mode, Duration flushInterval, Duration expiryMargin, Duration retryInterval) {
  public RedisCounterSettings {
    Objects.requireNonNull(mode, "'mode' must not be null");
    requirePositive(flushInterval, "flushInterval");
    requirePositive(expiryMargin, "expiryMargin");
    Objects.requireNonNull(retryInterval, "'retryInterval' must not be null");
    if (retryInterval.isNegative()) {
      throw new IllegalArgumentException("'retryInterval' must not be negative");
    }
  }

  /** Write-through, 200 ms flush interval, 2 days past the period, retry Redis every second. */
  public static RedisCounterSettings defaults() {
    return new RedisCounterSettings(
        CounterMode.WRITE_THROUGH,
        Duration.ofMillis(200),
        Duration.ofDays(2),
        Duration.ofSeconds(1));
  }

  public RedisCounterSettings withMode(CounterMode value) {
    return new RedisCounterSettings(value, flushInterval, expiryMargin, retryInterval);
  }

  public RedisCounterSettings withFlushInterval(Duration value) {
    return new RedisCounterSettings(mode, value, expiryMargin, retryInterval);
  }

  public RedisCounterSettings withRetryInterval(Duration value) {
    return new RedisCounterSettings(mode, flushInterval, expiryMargin, value);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, "'" + name + "' must not be null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("'" + name + "' must be positive");
    }
  }
}

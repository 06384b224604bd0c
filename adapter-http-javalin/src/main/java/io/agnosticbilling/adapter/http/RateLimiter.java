package io.agnosticbilling.adapter.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Outbound port of this adapter: counts failures per key in a sliding window and says how long a
 * key must wait once it reached its limit. In memory here; a shared store (Redis) makes the count
 * hold across instances.
 */
public interface RateLimiter {

  /** How long {@code key} must still wait, or empty when it may try now. */
  Optional<Duration> blockedFor(String key, Limit limit);

  /**
   * Counts one failure for {@code key}; returns how long it must now wait when this failure reached
   * the limit.
   */
  Optional<Duration> recordFailure(String key, Limit limit);

  /** Forgets the failures of {@code key} (after a success). */
  void reset(String key);

  /** Value object: at most {@code maxFailures} within {@code window}. */
  record Limit(int maxFailures, Duration window) {
    public Limit {
      if (maxFailures < 1) {
        throw new IllegalArgumentException("'maxFailures' must be positive");
      }
      Objects.requireNonNull(window, "'window' must not be null");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("'window' must be positive");
      }
    }
  }
}

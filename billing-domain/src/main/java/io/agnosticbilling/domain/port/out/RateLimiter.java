package io.agnosticbilling.domain.port.out;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Outbound port: counts hits per key in a sliding window and says how long a key must wait once it
 * reached its limit (login failures per email or address, Checkout creations per organization). In
 * memory for one instance; a shared store (Redis) makes the limit hold across instances.
 */
public interface RateLimiter {

  /** How long {@code key} must still wait, or empty when it may try now. */
  Optional<Duration> blockedFor(String key, Limit limit);

  /**
   * Counts one hit for {@code key}; returns how long it must now wait when this hit reached the
   * limit (empty while it is still below).
   */
  Optional<Duration> recordFailure(String key, Limit limit);

  /** Forgets the hits of {@code key} (e.g. after a successful login). */
  void reset(String key);

  /** Value object: at most {@code maxFailures} hits within {@code window}. */
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

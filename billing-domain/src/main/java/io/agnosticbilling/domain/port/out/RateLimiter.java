package io.agnosticbilling.domain.port.out;

import java.time.Duration;
import java.util.Objects;

/**
 * Outbound port: at most so many attempts per key in a sliding window (login failures per email or
 * address, sign-ups per address, Checkout sessions per organization). Checking and counting are one
 * atomic step, so N attempts at the same moment never get more than the limit through. In memory
 * for one instance; a shared store (Redis) makes the limit hold across instances.
 */
public interface RateLimiter {

  /**
   * In one atomic step: when {@code key} has fewer than {@link Limit#maxHits()} hits in the window,
   * counts this attempt and answers {@link Counted}; otherwise counts nothing and answers {@link
   * Refused} with how long until the oldest counted hit leaves the window.
   */
  Attempt attempt(String key, Limit limit);

  /**
   * Takes one counted hit back (a login that succeeded where only failures count, or an attempt
   * another limit refused). A hit already released, expired or reset is ignored.
   */
  void release(String key, Counted hit);

  /** Forgets every hit of {@code key} (e.g. an email's failures after a successful login). */
  void reset(String key);

  /** What {@link #attempt} answered. */
  sealed interface Attempt permits Counted, Refused {}

  /** The attempt was counted; {@code hitId} identifies it for {@link #release}. */
  record Counted(String hitId) implements Attempt {
    public Counted {
      if (hitId == null || hitId.isBlank()) {
        throw new IllegalArgumentException("'hitId' must not be blank");
      }
    }
  }

  /** The key is at its limit; nothing was counted. */
  record Refused(Duration retryAfter) implements Attempt {
    public Refused {
      Objects.requireNonNull(retryAfter, "'retryAfter' must not be null");
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("'retryAfter' must be positive");
      }
    }

    /** The wait in whole seconds, rounded up, at least one (for {@code Retry-After}). */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  /** Value object: at most {@code maxHits} counted attempts within {@code window}. */
  record Limit(int maxHits, Duration window) {
    public Limit {
      if (maxHits < 1) {
        throw new IllegalArgumentException("'maxHits' must be positive");
      }
      Objects.requireNonNull(window, "'window' must not be null");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("'window' must be positive");
      }
    }
  }
}

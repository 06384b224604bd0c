package io.agnosticbilling.testkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Counted;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: the memory the in-memory limiter holds. */
class InMemoryRateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T12:00:00Z"));
  private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
  private final RateLimiter.Limit threePerMinute = new RateLimiter.Limit(3, Duration.ofMinutes(1));

  @Test
  void givenManyAttempts_whenRefused_thenMemoryPerKeyStaysAtTheLimit() {
    for (int i = 0; i < 50; i++) {
      limiter.attempt("k", threePerMinute);
    }

    assertThat(limiter.hitsHeld("k")).isEqualTo(3);
  }

  @Test
  void givenTheLastHitReleased_whenLookingAtMemory_thenTheKeyIsGone() {
    Counted only = (Counted) limiter.attempt("k", threePerMinute);

    limiter.release("k", only);

    assertThat(limiter.hitsHeld("k")).isZero();
  }

  @Test
  void givenNonPositiveLimit_whenCreating_thenRefused() {
    assertThatThrownBy(() -> new RateLimiter.Limit(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'maxHits' must be positive");
    assertThatThrownBy(() -> new RateLimiter.Limit(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'window' must be positive");
  }
}

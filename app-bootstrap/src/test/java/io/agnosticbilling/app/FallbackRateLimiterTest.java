package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Counted;
import io.agnosticbilling.domain.port.out.RateLimiter.Refused;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FallbackRateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T09:00:00Z"));
  private final InMemoryRateLimiter sharedStore = new InMemoryRateLimiter(clock);
  private final AtomicBoolean down = new AtomicBoolean();
  private final RateLimiter.Limit three = new RateLimiter.Limit(3, Duration.ofMinutes(1));

  /** Stands for Redis: the shared store, or an exception while {@code down}. */
  private final RateLimiter shared =
      new RateLimiter() {
        @Override
        public Attempt attempt(String key, Limit limit) {
          check();
          return sharedStore.attempt(key, limit);
        }

        @Override
        public void release(String key, Counted hit) {
          check();
          sharedStore.release(key, hit);
        }

        @Override
        public void reset(String key) {
          check();
          sharedStore.reset(key);
        }

        private void check() {
          if (down.get()) {
            throw new IllegalStateException("Connection refused");
          }
        }
      };

  private final FallbackRateLimiter limiter =
      new FallbackRateLimiter(shared, new InMemoryRateLimiter(clock));

  @Test
  @DisplayName("while the shared limiter answers, it counts")
  void sharedCounts() {
    for (int i = 0; i < 3; i++) {
      limiter.attempt("k", three);
    }

    assertThat(sharedStore.attempt("k", three)).isInstanceOf(Refused.class);
  }

  @Test
  @DisplayName("while it is down the limit still holds, counted by this instance")
  void limitHoldsWhileDown() {
    down.set(true);

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.attempt("k", three)).isInstanceOf(Counted.class);
    }
    assertThat(limiter.attempt("k", three)).isInstanceOf(Refused.class);

    Counted other = (Counted) limiter.attempt("other", three);
    limiter.release("other", other);
    limiter.reset("k");
    assertThat(limiter.attempt("k", three)).isInstanceOf(Counted.class);
  }

  @Test
  @DisplayName("when it answers again, it counts again")
  void backToShared() {
    down.set(true);
    limiter.attempt("k", three);
    down.set(false);

    limiter.attempt("k", three);

    // The limiter's hit is the first of three in the shared store.
    assertThat(sharedStore.attempt("k", three)).isInstanceOf(Counted.class);
    assertThat(sharedStore.attempt("k", three)).isInstanceOf(Counted.class);
    assertThat(sharedStore.attempt("k", three)).isInstanceOf(Refused.class);
  }
}

package io.agnosticbilling.testkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T12:00:00Z"));
  private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
  private final RateLimiter.Limit threePerMinute = new RateLimiter.Limit(3, Duration.ofMinutes(1));

  @Test
  void givenFewerFailuresThanTheLimit_whenChecking_thenNotBlocked() {
    limiter.recordFailure("k", threePerMinute);
    limiter.recordFailure("k", threePerMinute);

    assertThat(limiter.blockedFor("k", threePerMinute)).isEmpty();
  }

  @Test
  void givenLimitReached_whenChecking_thenBlockedUntilTheOldestFailureLeavesTheWindow() {
    limiter.recordFailure("k", threePerMinute);
    clock.advance(Duration.ofSeconds(20));
    limiter.recordFailure("k", threePerMinute);
    Optional<Duration> third = limiter.recordFailure("k", threePerMinute);

    assertThat(third).hasValue(Duration.ofSeconds(40));
    assertThat(limiter.blockedFor("k", threePerMinute)).hasValue(Duration.ofSeconds(40));
    clock.advance(Duration.ofSeconds(40));
    assertThat(limiter.blockedFor("k", threePerMinute)).isEmpty();
  }

  @Test
  void givenBlockedKey_whenReset_thenFreeAndOtherKeysUntouched() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("a", threePerMinute);
      limiter.recordFailure("b", threePerMinute);
    }

    limiter.reset("a");

    assertThat(limiter.blockedFor("a", threePerMinute)).isEmpty();
    assertThat(limiter.blockedFor("b", threePerMinute)).isPresent();
  }

  @Test
  void givenManyFailures_whenRecorded_thenMemoryPerKeyStaysAtTheLimit() {
    for (int i = 0; i < 50; i++) {
      limiter.recordFailure("k", threePerMinute);
    }

    assertThat(limiter.failuresCounted("k")).isEqualTo(3);
  }

  @Test
  void givenThreadsFailingAtTheSameTime_whenCounting_thenNoFailureIsLost() throws Exception {
    int threads = 8;
    int perThread = 250;
    RateLimiter.Limit roomy = new RateLimiter.Limit(threads * perThread, Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch startGate = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  startGate.await();
                  for (int i = 0; i < perThread; i++) {
                    limiter.recordFailure("shared", roomy);
                  }
                  return null;
                }));
      }
      startGate.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(limiter.failuresCounted("shared")).isEqualTo(threads * perThread);
    assertThat(limiter.blockedFor("shared", roomy)).isPresent();
  }

  @Test
  void givenNonPositiveLimit_whenCreating_thenRefused() {
    assertThatThrownBy(() -> new RateLimiter.Limit(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'maxFailures' must be positive");
    assertThatThrownBy(() -> new RateLimiter.Limit(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'window' must be positive");
  }
}

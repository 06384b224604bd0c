package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Limit;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link RateLimiter} adapter must do. Extend it in the adapter's tests and
 * return a limiter reading time from the given clock in {@link #newLimiter(MutableClock)}.
 */
public abstract class RateLimiterContract {
  private static final Limit THREE_PER_MINUTE = new Limit(3, Duration.ofMinutes(1));

  /** Test time: moved by the tests, never by the wall clock. */
  protected final MutableClock clock = new MutableClock(T0);

  /** The limiter under test, fresh for each test. */
  protected RateLimiter limiter;

  /** A limiter with NO hits recorded, reading time from {@code clock}; called before each test. */
  protected abstract RateLimiter newLimiter(MutableClock clock);

  /**
   * A second client on the same data as the last {@link #newLimiter(MutableClock)} (another
   * connection pool), so the concurrency test races two server instances. Defaults to the same
   * instance.
   */
  protected RateLimiter secondClientOnSameStore(MutableClock clock) {
    return limiter;
  }

  @BeforeEach
  void freshLimiter() {
    limiter = newLimiter(clock);
  }

  @Test
  @DisplayName("a key never hit may try now")
  void unknownKeyIsFree() {
    assertThat(limiter.blockedFor("login:ada@example.com", THREE_PER_MINUTE)).isEmpty();
  }

  @Test
  @DisplayName("hits below the limit do not block, and each answers empty")
  void belowTheLimitIsFree() {
    assertThat(limiter.recordFailure("k", THREE_PER_MINUTE)).isEmpty();
    assertThat(limiter.recordFailure("k", THREE_PER_MINUTE)).isEmpty();

    assertThat(limiter.blockedFor("k", THREE_PER_MINUTE)).isEmpty();
  }

  @Test
  @DisplayName("the hit that reaches the limit blocks for the whole window when all came at once")
  void reachingTheLimitBlocks() {
    limiter.recordFailure("k", THREE_PER_MINUTE);
    limiter.recordFailure("k", THREE_PER_MINUTE);

    Optional<Duration> third = limiter.recordFailure("k", THREE_PER_MINUTE);

    assertThat(third).hasValue(Duration.ofMinutes(1));
    assertThat(limiter.blockedFor("k", THREE_PER_MINUTE)).hasValue(Duration.ofMinutes(1));
  }

  @Test
  @DisplayName("the wait ends when the oldest counted hit leaves the window, not a full window on")
  void windowSlides() {
    limiter.recordFailure("k", THREE_PER_MINUTE);
    clock.advance(Duration.ofSeconds(20));
    limiter.recordFailure("k", THREE_PER_MINUTE);
    Optional<Duration> third = limiter.recordFailure("k", THREE_PER_MINUTE);

    assertThat(third).hasValue(Duration.ofSeconds(40));
    clock.advance(Duration.ofSeconds(39));
    assertThat(limiter.blockedFor("k", THREE_PER_MINUTE)).hasValue(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.blockedFor("k", THREE_PER_MINUTE)).isEmpty();
    // Two hits remain in the window: one more reaches the limit again.
    assertThat(limiter.recordFailure("k", THREE_PER_MINUTE)).hasValue(Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("hits older than the window no longer count")
  void oldHitsExpire() {
    limiter.recordFailure("k", THREE_PER_MINUTE);
    limiter.recordFailure("k", THREE_PER_MINUTE);
    clock.advance(Duration.ofMinutes(1));

    assertThat(limiter.recordFailure("k", THREE_PER_MINUTE)).isEmpty();
    assertThat(limiter.recordFailure("k", THREE_PER_MINUTE)).isEmpty();
    assertThat(limiter.blockedFor("k", THREE_PER_MINUTE)).isEmpty();
  }

  @Test
  @DisplayName("hits while blocked keep counting and push the end of the wait out")
  void hitsWhileBlockedCount() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("k", THREE_PER_MINUTE);
    }
    clock.advance(Duration.ofSeconds(30));

    Optional<Duration> fourth = limiter.recordFailure("k", THREE_PER_MINUTE);

    assertThat(fourth).hasValue(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    // The first three left the window; only the fourth remains.
    assertThat(limiter.blockedFor("k", THREE_PER_MINUTE)).isEmpty();
  }

  @Test
  @DisplayName("reset frees a blocked key and leaves other keys blocked")
  void resetClearsOneKey() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("a", THREE_PER_MINUTE);
      limiter.recordFailure("b", THREE_PER_MINUTE);
    }

    limiter.reset("a");
    limiter.reset("never-hit");

    assertThat(limiter.blockedFor("a", THREE_PER_MINUTE)).isEmpty();
    assertThat(limiter.recordFailure("a", THREE_PER_MINUTE)).isEmpty();
    assertThat(limiter.blockedFor("b", THREE_PER_MINUTE)).isPresent();
  }

  @Test
  @DisplayName("keys are independent: one key's hits never block another")
  void keysAreIndependent() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("login:ada@example.com", THREE_PER_MINUTE);
    }

    assertThat(limiter.blockedFor("login:ada@example.com", THREE_PER_MINUTE)).isPresent();
    assertThat(limiter.blockedFor("login:bob@example.com", THREE_PER_MINUTE)).isEmpty();
    assertThat(limiter.recordFailure("checkout:org_1", THREE_PER_MINUTE)).isEmpty();
  }

  @Test
  @DisplayName("32 concurrent hits on one key with a limit of 10: the first 9 pass, 23 are blocked")
  void concurrentHitsAreCountedExactly() {
    RateLimiter second = secondClientOnSameStore(clock);
    Limit tenPerHour = new Limit(10, Duration.ofHours(1));

    List<Optional<Duration>> answers =
        Race.values(
            Race.run(32, i -> (i % 2 == 0 ? limiter : second).recordFailure("shared", tenPerHour)));

    // The 10th hit reaches the limit and is told to wait, as is every later one: a lost or
    // double-counted hit would move this split.
    assertThat(answers.stream().filter(Optional::isEmpty)).hasSize(9);
    assertThat(answers.stream().filter(Optional::isPresent))
        .hasSize(23)
        .allSatisfy(wait -> assertThat(wait).hasValue(Duration.ofHours(1)));
    assertThat(limiter.blockedFor("shared", tenPerHour)).hasValue(Duration.ofHours(1));
  }
}

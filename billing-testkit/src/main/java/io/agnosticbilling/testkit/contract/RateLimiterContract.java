package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Attempt;
import io.agnosticbilling.domain.port.out.RateLimiter.Counted;
import io.agnosticbilling.domain.port.out.RateLimiter.Limit;
import io.agnosticbilling.domain.port.out.RateLimiter.Refused;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
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
   * connection pool), so the concurrency tests race two server instances. Defaults to the same
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
  @DisplayName("a key never hit is counted")
  void unknownKeyIsCounted() {
    assertThat(limiter.attempt("login:ada@example.com", THREE_PER_MINUTE))
        .isInstanceOf(Counted.class);
  }

  @Test
  @DisplayName("up to the limit every attempt is counted; the next is refused for the whole window")
  void theAttemptAfterTheLimitIsRefused() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
    }

    assertThat(limiter.attempt("k", THREE_PER_MINUTE))
        .isEqualTo(new Refused(Duration.ofMinutes(1)));
  }

  @Test
  @DisplayName("each counted attempt has its own id")
  void countedIdsAreDistinct() {
    List<Attempt> attempts =
        List.of(
            limiter.attempt("k", THREE_PER_MINUTE),
            limiter.attempt("k", THREE_PER_MINUTE),
            limiter.attempt("k", THREE_PER_MINUTE));

    assertThat(attempts).doesNotHaveDuplicates().allMatch(Counted.class::isInstance);
  }

  @Test
  @DisplayName("the wait ends when the oldest counted hit leaves the window, not a full window on")
  void windowSlides() {
    limiter.attempt("k", THREE_PER_MINUTE);
    clock.advance(Duration.ofSeconds(20));
    limiter.attempt("k", THREE_PER_MINUTE);
    limiter.attempt("k", THREE_PER_MINUTE);

    assertThat(limiter.attempt("k", THREE_PER_MINUTE))
        .isEqualTo(new Refused(Duration.ofSeconds(40)));
    clock.advance(Duration.ofSeconds(39));
    assertThat(limiter.attempt("k", THREE_PER_MINUTE))
        .isEqualTo(new Refused(Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
    // The two hits of second 20 and the one just counted fill the window again.
    assertThat(limiter.attempt("k", THREE_PER_MINUTE))
        .isEqualTo(new Refused(Duration.ofSeconds(20)));
  }

  @Test
  @DisplayName("refused attempts are not counted, so they never push the end of the wait out")
  void refusalsDoNotCount() {
    for (int i = 0; i < 3; i++) {
      limiter.attempt("k", THREE_PER_MINUTE);
    }
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(5));
      assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Refused.class);
    }

    clock.advance(Duration.ofSeconds(10));

    assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
  }

  @Test
  @DisplayName("hits older than the window no longer count")
  void oldHitsExpire() {
    for (int i = 0; i < 3; i++) {
      limiter.attempt("k", THREE_PER_MINUTE);
    }
    clock.advance(Duration.ofMinutes(1));

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
    }
  }

  @Test
  @DisplayName("releasing a counted hit frees its place once; releasing it again changes nothing")
  void releaseTakesOneHitBack() {
    limiter.attempt("k", THREE_PER_MINUTE);
    Counted second = (Counted) limiter.attempt("k", THREE_PER_MINUTE);
    limiter.attempt("k", THREE_PER_MINUTE);

    limiter.release("k", second);
    limiter.release("k", second);
    limiter.release("other", second);

    assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
    assertThat(limiter.attempt("k", THREE_PER_MINUTE)).isInstanceOf(Refused.class);
  }

  @Test
  @DisplayName("reset frees a key and leaves other keys at their limit")
  void resetClearsOneKey() {
    for (int i = 0; i < 3; i++) {
      limiter.attempt("a", THREE_PER_MINUTE);
      limiter.attempt("b", THREE_PER_MINUTE);
    }

    limiter.reset("a");
    limiter.reset("never-hit");

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.attempt("a", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
    }
    assertThat(limiter.attempt("b", THREE_PER_MINUTE)).isInstanceOf(Refused.class);
  }

  @Test
  @DisplayName("keys are independent: one key's hits never refuse another")
  void keysAreIndependent() {
    for (int i = 0; i < 3; i++) {
      limiter.attempt("login:email:ada@example.com", THREE_PER_MINUTE);
    }

    assertThat(limiter.attempt("login:email:ada@example.com", THREE_PER_MINUTE))
        .isInstanceOf(Refused.class);
    assertThat(limiter.attempt("login:email:bob@example.com", THREE_PER_MINUTE))
        .isInstanceOf(Counted.class);
    assertThat(limiter.attempt("checkout:org_1", THREE_PER_MINUTE)).isInstanceOf(Counted.class);
  }

  @Test
  @DisplayName(
      "100 attempts at the same moment on one key with a limit of 5, from two clients: exactly 5"
          + " are counted and 95 refused for the whole window")
  void concurrentAttemptsNeverPassTheLimit() {
    RateLimiter second = secondClientOnSameStore(clock);
    Limit fivePerQuarterHour = new Limit(5, Duration.ofMinutes(15));

    List<Attempt> answers =
        Race.all(
            100, i -> (i % 2 == 0 ? limiter : second).attempt("login:email:x", fivePerQuarterHour));

    assertThat(answers).filteredOn(Counted.class::isInstance).hasSize(5).doesNotHaveDuplicates();
    assertThat(answers)
        .filteredOn(Refused.class::isInstance)
        .hasSize(95)
        .allSatisfy(a -> assertThat(a).isEqualTo(new Refused(Duration.ofMinutes(15))));
    assertThat(limiter.attempt("login:email:x", fivePerQuarterHour)).isInstanceOf(Refused.class);
  }

  @Test
  @DisplayName(
      "40 attempts at once that each release their hit when counted leave no hit behind: the"
          + " limit is whole afterwards")
  void concurrentReleasesLeaveNothingBehind() {
    RateLimiter second = secondClientOnSameStore(clock);
    Limit tenPerHour = new Limit(10, Duration.ofHours(1));

    List<Attempt> answers =
        Race.all(
            40,
            i -> {
              RateLimiter client = i % 2 == 0 ? limiter : second;
              Attempt attempt = client.attempt("signup:address:x", tenPerHour);
              if (attempt instanceof Counted counted) {
                client.release("signup:address:x", counted);
              }
              return attempt;
            });

    assertThat(answers).filteredOn(Counted.class::isInstance).hasSizeGreaterThanOrEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.attempt("signup:address:x", tenPerHour)).isInstanceOf(Counted.class);
    }
    assertThat(limiter.attempt("signup:address:x", tenPerHour)).isInstanceOf(Refused.class);
  }
}

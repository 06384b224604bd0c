package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link UsageCounters} adapter must do. Extend it in the adapter's tests and
 * return a store from {@link #newCounters()}.
 */
public abstract class UsageCountersContract {
  private static final UsagePeriod MARCH = UsagePeriod.calendarMonthOf(T0);
  private static final UsagePeriod APRIL =
      UsagePeriod.calendarMonthOf(T0.plus(Duration.ofDays(40)));

  /** The store under test, fresh for each test. */
  protected UsageCounters counters;

  /** An EMPTY store, called once before each test. */
  protected abstract UsageCounters newCounters();

  /**
   * A second client on the same data as the last {@link #newCounters()} (e.g. another connection
   * pool), so concurrency tests race two clients as two server instances would. Defaults to the
   * same instance.
   */
  protected UsageCounters secondClientOnSameStore() {
    return counters;
  }

  @BeforeEach
  void freshStore() {
    counters = newCounters();
  }

  @Test
  @DisplayName("a counter never incremented reads 0")
  void unknownCounterIsZero() {
    assertThat(counters.used(aUsageRequest().key())).isZero();
  }

  @Test
  @DisplayName("an increment within the limit is allowed and counted")
  void incrementWithinLimitIsCounted() {
    UsageRecorded first = counters.record(aUsageRequest().quantity(3).limit(10).build());
    UsageRecorded second = counters.record(aUsageRequest().quantity(2).limit(10).build());

    assertThat(first).isEqualTo(new UsageRecorded(true, 0, 3, false));
    assertThat(second).isEqualTo(new UsageRecorded(true, 3, 5, false));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(5);
  }

  @Test
  @DisplayName("reaching the limit exactly is allowed; the next unit is refused with the count")
  void limitIsInclusiveThenRefused() {
    counters.record(aUsageRequest().quantity(9).limit(10).build());

    UsageRecorded last = counters.record(aUsageRequest().limit(10).build());
    UsageRecorded over = counters.record(aUsageRequest().limit(10).build());

    assertThat(last).isEqualTo(new UsageRecorded(true, 9, 10, false));
    assertThat(over).isEqualTo(new UsageRecorded(false, 10, 10, false));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(10);
  }

  @Test
  @DisplayName("a quantity that would pass the limit is refused whole, and a smaller one fits")
  void partialIncrementIsNeverApplied() {
    counters.record(aUsageRequest().quantity(8).limit(10).build());

    UsageRecorded tooMuch = counters.record(aUsageRequest().quantity(3).limit(10).build());
    UsageRecorded fits = counters.record(aUsageRequest().quantity(2).limit(10).build());

    assertThat(tooMuch).isEqualTo(UsageRecorded.refused(8));
    assertThat(fits).isEqualTo(UsageRecorded.allowed(8, 10));
  }

  @Test
  @DisplayName("a limit of zero refuses the first unit")
  void zeroLimitRefusesEverything() {
    assertThat(counters.record(aUsageRequest().limit(0).build()))
        .isEqualTo(UsageRecorded.refused(0));
    assertThat(counters.used(aUsageRequest().key())).isZero();
  }

  @Test
  @DisplayName("an unlimited quota allows any amount and still counts it")
  void unlimitedAlwaysAllowed() {
    counters.record(aUsageRequest().quantity(1_000_000).limit(Quota.unlimited()).build());
    UsageRecorded more =
        counters.record(aUsageRequest().quantity(5).limit(Quota.unlimited()).build());

    assertThat(more).isEqualTo(UsageRecorded.allowed(1_000_000, 1_000_005));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(1_000_005);
  }

  @Test
  @DisplayName("counters are separate per organization, metric and period start")
  void countersAreIndependent() {
    counters.record(aUsageRequest().quantity(4).build());
    counters.record(aUsageRequest().organization("org_2").quantity(2).build());
    counters.record(aUsageRequest().metric(Metric.USERS).quantity(3).build());
    counters.record(aUsageRequest().period(APRIL).quantity(7).build());

    assertThat(counters.used(aUsageRequest().key())).isEqualTo(4);
    assertThat(counters.used(aUsageRequest().organization("org_2").key())).isEqualTo(2);
    assertThat(counters.used(aUsageRequest().metric(Metric.USERS).key())).isEqualTo(3);
    assertThat(counters.used(aUsageRequest().period(APRIL).key())).isEqualTo(7);
  }

  @Test
  @DisplayName("a repeated idempotency key counts once and returns the first decision, replayed")
  void idempotencyKeyCountsOnce() {
    UsageRecorded first = counters.record(aUsageRequest().idempotencyKey("run-1").build());
    counters.record(aUsageRequest().quantity(4).build());

    UsageRecorded again = counters.record(aUsageRequest().idempotencyKey("run-1").build());

    assertThat(first).isEqualTo(new UsageRecorded(true, 0, 1, false));
    assertThat(again).isEqualTo(new UsageRecorded(true, 0, 1, true));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(5);
  }

  @Test
  @DisplayName("a refusal is a decision too: its key replays the refusal even after room appears")
  void refusalIsReplayed() {
    counters.record(aUsageRequest().quantity(10).limit(10).build());
    UsageRecorded refused =
        counters.record(aUsageRequest().limit(10).idempotencyKey("run-2").build());

    UsageRecorded again =
        counters.record(aUsageRequest().limit(1000).idempotencyKey("run-2").build());

    assertThat(refused).isEqualTo(new UsageRecorded(false, 10, 10, false));
    assertThat(again).isEqualTo(new UsageRecorded(false, 10, 10, true));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(10);
  }

  @Test
  @DisplayName("an idempotency key belongs to one counter: the next period counts it again")
  void idempotencyKeyIsScopedToTheCounter() {
    counters.record(aUsageRequest().period(MARCH).idempotencyKey("run-3").build());

    UsageRecorded nextPeriod =
        counters.record(aUsageRequest().period(APRIL).idempotencyKey("run-3").build());

    assertThat(nextPeriod).isEqualTo(new UsageRecorded(true, 0, 1, false));
    assertThat(counters.used(aUsageRequest().period(MARCH).key())).isEqualTo(1);
    assertThat(counters.used(aUsageRequest().period(APRIL).key())).isEqualTo(1);
  }

  @Test
  @DisplayName("64 concurrent single increments against a limit of 25: exactly 25 pass")
  void concurrentIncrementsNeverPassTheLimit() {
    UsageCounters second = secondClientOnSameStore();
    int limit = 25;

    List<UsageRecorded> decisions =
        Race.values(
            Race.run(
                64,
                i ->
                    client(i, second)
                        .record(aUsageRequest().limit(limit).idempotencyKey("run-" + i).build())));

    List<UsageRecorded> allowed = decisions.stream().filter(UsageRecorded::allowed).toList();
    assertThat(allowed).hasSize(limit);
    // Each allowed increment saw a different count: none was lost or applied twice.
    assertThat(allowed.stream().mapToLong(UsageRecorded::usedAfter).sorted().toArray())
        .containsExactly(LongStream.rangeClosed(1, limit).toArray());
    assertThat(decisions.stream().filter(d -> !d.allowed()))
        .hasSize(64 - limit)
        .allSatisfy(d -> assertThat(d.usedAfter()).isEqualTo(limit));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(limit);
  }

  @Test
  @DisplayName("16 concurrent increments with the same idempotency key count once")
  void concurrentSameKeyCountsOnce() {
    UsageCounters second = secondClientOnSameStore();

    List<UsageRecorded> decisions =
        Race.values(
            Race.run(
                16, i -> client(i, second).record(aUsageRequest().idempotencyKey("same").build())));

    assertThat(decisions.stream().filter(d -> !d.replayed())).hasSize(1);
    assertThat(decisions)
        .allSatisfy(d -> assertThat(d.asReplay()).isEqualTo(new UsageRecorded(true, 0, 1, true)));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(1);
  }

  private UsageCounters client(int thread, UsageCounters second) {
    return thread % 2 == 0 ? counters : second;
  }
}

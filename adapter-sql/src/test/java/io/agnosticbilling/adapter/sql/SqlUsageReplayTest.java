package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.testkit.concurrent.Race;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the usage contract does not spell out, on both databases: SQLite decides first and claims
 * the key with the decision (undoing the increment of a replay), PostgreSQL claims first. Either
 * way a replay returns the first decision and leaves the counter as it was.
 */
class SqlUsageReplayTest {
  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private SqlUsageCounters counters(String dialect) {
    fixture = Fixture.of(dialect);
    return fixture.first().usageCounters();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aReplayWithRoomLeftLeavesTheCounter(String dialect) {
    SqlUsageCounters counters = counters(dialect);
    counters.record(aUsageRequest().quantity(3).limit(10).idempotencyKey("run-1").build());

    UsageRecorded again =
        counters.record(aUsageRequest().quantity(3).limit(10).idempotencyKey("run-1").build());

    assertThat(again).isEqualTo(new UsageRecorded(true, 0, 3, true));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anAllowedKeyReplayedOnceTheCounterIsFullIsStillAllowed(String dialect) {
    SqlUsageCounters counters = counters(dialect);
    counters.record(aUsageRequest().quantity(4).limit(10).idempotencyKey("run-1").build());
    counters.record(aUsageRequest().quantity(6).limit(10).build());

    UsageRecorded again =
        counters.record(aUsageRequest().quantity(4).limit(10).idempotencyKey("run-1").build());

    assertThat(again).isEqualTo(new UsageRecorded(true, 0, 4, true));
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void concurrentReplaysOfKeysAlreadyCountedChangeNothing(String dialect) {
    SqlUsageCounters counters = counters(dialect);
    for (int i = 0; i < 8; i++) {
      counters.record(aUsageRequest().limit(20).idempotencyKey("run-" + i).build());
    }

    List<UsageRecorded> replays =
        Race.values(
            Race.run(
                32,
                i ->
                    counters.record(
                        aUsageRequest().limit(20).idempotencyKey("run-" + (i % 8)).build())));

    assertThat(replays).allSatisfy(d -> assertThat(d.replayed()).isTrue());
    assertThat(replays).allSatisfy(d -> assertThat(d.allowed()).isTrue());
    assertThat(counters.used(aUsageRequest().key())).isEqualTo(8);
  }
}

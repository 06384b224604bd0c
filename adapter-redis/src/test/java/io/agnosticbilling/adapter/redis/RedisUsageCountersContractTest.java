package io.agnosticbilling.adapter.redis;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.testkit.contract.UsageCountersContract;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The counters contract against a real Redis over an in-memory durable store, in both modes, with
 * two connection pools racing as two server instances. After every contract test the durable store
 * must hold exactly what Redis counted.
 */
class RedisUsageCountersContractTest {
  private static RedisConnection first;
  private static RedisConnection second;

  @BeforeAll
  static void connect() {
    first = TestRedis.connect();
    second = TestRedis.connect();
  }

  @AfterAll
  static void disconnect() {
    if (first != null) {
      first.close();
      second.close();
    }
  }

  @Nested
  class WriteThrough extends ModeContract {
    WriteThrough() {
      super(CounterMode.WRITE_THROUGH);
    }
  }

  @Nested
  class WriteBehind extends ModeContract {
    WriteBehind() {
      super(CounterMode.WRITE_BEHIND);
    }
  }

  abstract static class ModeContract extends UsageCountersContract {
    private final RedisCounterSettings settings;
    private final List<RedisUsageCounters> opened = new ArrayList<>();
    private InMemoryUsageCounters durable;

    ModeContract(CounterMode mode) {
      this.settings =
          RedisCounterSettings.defaults().withMode(mode).withFlushInterval(Duration.ofMillis(50));
    }

    @Override
    protected UsageCounters newCounters() {
      TestRedis.flush(first);
      durable = new InMemoryUsageCounters();
      return open(first);
    }

    @Override
    protected UsageCounters secondClientOnSameStore() {
      return open(second);
    }

    private RedisUsageCounters open(RedisConnection connection) {
      RedisUsageCounters counters =
          new RedisUsageCounters(
              connection.client(),
              TestRedis.OPTIONS.keyPrefix(),
              DurableUsageLedger.over(durable),
              settings,
              FastPathListener.NONE,
              Clock.systemUTC());
      opened.add(counters);
      return counters;
    }

    @AfterEach
    void durableStoreHoldsWhatRedisCounted() {
      opened.forEach(RedisUsageCounters::close); // write-behind: last flush
      UsageKey key = aUsageRequest().key();
      assertThat(durable.used(key))
          .as("durable count of %s after the test", key)
          .isEqualTo(opened.get(0).used(key));
    }
  }
}

package io.agnosticbilling.adapter.redis;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis flushed, stopped, restarted from an old snapshot, unreachable for one instance, and a
 * durable store that fails: the count is never reset, never lost, and the limit holds.
 */
class RedisUsageCountersFaultTest {
  private static final UsageKey KEY = aUsageRequest().key();
  private static final UsageKeys REDIS_KEYS = new UsageKeys(TestRedis.OPTIONS.keyPrefix());

  private final InMemoryUsageCounters durable = new InMemoryUsageCounters();
  private final RecordingListener listener = new RecordingListener();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private RedisConnection redis;

  @BeforeEach
  void connect() {
    redis = TestRedis.connect();
    TestRedis.flush(redis);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    redis.close();
  }

  @ParameterizedTest
  @EnumSource(CounterMode.class)
  @DisplayName("FLUSHDB mid-period: the counter continues from the durable count; the limit holds")
  void flushedCounterIsRehydrated(CounterMode mode) {
    RedisUsageCounters counters = counters(redis, mode);
    record(counters, 7, 10);

    TestRedis.flush(redis);
    assertThat(redis.client().get(REDIS_KEYS.counter(KEY))).isNull();
    List<UsageRecorded> after = record(counters, 4, 10);

    assertThat(after)
        .containsExactly(
            UsageRecorded.allowed(7, 8),
            UsageRecorded.allowed(8, 9),
            UsageRecorded.allowed(9, 10),
            UsageRecorded.refused(10));
    counters.close();
    assertThat(durable.used(KEY)).isEqualTo(10);
  }

  @ParameterizedTest
  @EnumSource(CounterMode.class)
  @DisplayName("after FLUSHDB, 32 racing records on two clients rehydrate once: only the room left")
  void concurrentRehydrationHappensOnce(CounterMode mode) throws Exception {
    RedisConnection other = TestRedis.connect();
    opened.add(other);
    RedisUsageCounters a = counters(redis, mode);
    RedisUsageCounters b = counters(other, mode);
    record(a, 20, 30);
    a.flush();
    TestRedis.flush(redis);

    List<UsageRecorded> decisions = Race.all(32, i -> (i % 2 == 0 ? a : b).record(run(30)));

    assertThat(decisions.stream().filter(UsageRecorded::allowed).map(UsageRecorded::usedAfter))
        .containsExactlyInAnyOrder(21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
    a.close();
    b.close();
    assertThat(durable.used(KEY)).isEqualTo(30);
  }

  @ParameterizedTest
  @EnumSource(CounterMode.class)
  @DisplayName(
      "Redis stopped: the durable store answers and holds the limit; Redis back: fast path")
  void unreachableRedisFallsBackThenResumes(CounterMode mode) throws IOException {
    RedisServerProcess server = RedisServerProcess.start();
    opened.add(server);
    RedisConnection own = RedisConnection.fromUrl(server.url(), TestRedis.OPTIONS);
    opened.add(own);
    RedisUsageCounters counters = counters(own, mode);
    record(counters, 4, 8);

    server.stop();
    List<UsageRecorded> whileDown = record(counters, 5, 8);

    assertThat(whileDown)
        .containsExactly(
            UsageRecorded.allowed(4, 5),
            UsageRecorded.allowed(5, 6),
            UsageRecorded.allowed(6, 7),
            UsageRecorded.allowed(7, 8),
            UsageRecorded.refused(8));
    assertThat(counters.fastPathAvailable()).isFalse();
    assertThat(counters.fallbackRecords()).isEqualTo(5);
    assertThat(listener.lost).hasValue(1);
    assertThat(durable.used(KEY)).isEqualTo(8);

    server.startAgain(); // empty: its data died with it
    UsageRecorded back = counters.record(run(10));

    assertThat(back).isEqualTo(UsageRecorded.allowed(8, 9));
    assertThat(counters.fastPathAvailable()).isTrue();
    assertThat(counters.fallbackRecords()).isEqualTo(5);
    assertThat(listener.resumed).hasValue(1);
    assertThat(server.get(REDIS_KEYS.counter(KEY))).isEqualTo("9");
  }

  @Test
  @DisplayName("Redis restarted from an old snapshot: counters changed meanwhile catch up first")
  void staleRedisCatchesUpBeforeTheFastPathResumes() throws IOException {
    RedisServerProcess server = RedisServerProcess.start();
    opened.add(server);
    RedisConnection own = RedisConnection.fromUrl(server.url(), TestRedis.OPTIONS);
    opened.add(own);
    RedisUsageCounters counters = counters(own, CounterMode.WRITE_THROUGH);
    record(counters, 5, 10);
    server.stopSavingSnapshot();
    counters.record(run(10));
    counters.record(run(10));

    server.startAgain();
    assertThat(server.get(REDIS_KEYS.counter(KEY))).as("the snapshot is stale").isEqualTo("5");
    List<UsageRecorded> back = record(counters, 4, 10);

    assertThat(back)
        .containsExactly(
            UsageRecorded.allowed(7, 8),
            UsageRecorded.allowed(8, 9),
            UsageRecorded.allowed(9, 10),
            UsageRecorded.refused(10));
    assertThat(durable.used(KEY)).isEqualTo(10);
  }

  @Test
  @DisplayName("one instance cut off from Redis records in the durable store; the others catch up")
  void instanceCutOffFromRedisDoesNotBreakTheLimit() throws IOException {
    RedisConnection nowhere = unreachable();
    RedisUsageCounters cutOff = counters(nowhere, CounterMode.WRITE_THROUGH);
    RedisUsageCounters onRedis = counters(redis, CounterMode.WRITE_THROUGH);
    record(onRedis, 5, 10);
    for (int i = 0; i < 3; i++) {
      assertThat(cutOff.record(run(10)).allowed()).isTrue();
    }

    List<UsageRecorded> rest = record(onRedis, 4, 10);

    // The first write learns the durable count (9 > 6) and raises Redis to it.
    assertThat(rest)
        .containsExactly(
            UsageRecorded.allowed(5, 6),
            UsageRecorded.allowed(9, 10),
            UsageRecorded.refused(10),
            UsageRecorded.refused(10));
    assertThat(durable.used(KEY)).isEqualTo(10);
    assertThat(cutOff.fallbackRecords()).isEqualTo(3);
  }

  @Test
  @DisplayName("an idempotency key recorded during an outage is replayed, not counted, on Redis")
  void keyRecordedDuringOutageIsReplayedAfterIt() throws IOException {
    RedisConnection nowhere = unreachable();
    RedisUsageCounters cutOff = counters(nowhere, CounterMode.WRITE_THROUGH);
    RedisUsageCounters onRedis = counters(redis, CounterMode.WRITE_THROUGH);
    UsageRecorded first = cutOff.record(keyed("run-1"));

    UsageRecorded retried = onRedis.record(keyed("run-1"));
    UsageRecorded retriedAgain = onRedis.record(keyed("run-1"));

    assertThat(first).isEqualTo(UsageRecorded.allowed(0, 1));
    assertThat(retried).isEqualTo(first.asReplay());
    assertThat(retriedAgain).isEqualTo(first.asReplay());
    assertThat(onRedis.used(KEY)).isEqualTo(1);
    assertThat(durable.used(KEY)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "write-through: a failed durable write takes the Redis increment back; a retry counts once")
  void failedDurableWriteIsTakenBack() {
    AtomicBoolean failNext = new AtomicBoolean(true);
    DurableUsageLedger failing =
        new DurableUsageLedger() {
          private final DurableUsageLedger real = DurableUsageLedger.over(durable);

          @Override
          public long used(UsageKey key) {
            return real.used(key);
          }

          @Override
          public UsageRecorded add(
              UsageKey key, long quantity, Optional<String> idempotencyKey, Instant periodEnd) {
            if (failNext.getAndSet(false)) {
              throw new IllegalStateException("durable store timed out");
            }
            return real.add(key, quantity, idempotencyKey, periodEnd);
          }

          @Override
          public UsageRecorded record(UsageRequest request) {
            return real.record(request);
          }
        };
    RedisUsageCounters counters =
        new RedisUsageCounters(
            redis.client(),
            TestRedis.OPTIONS.keyPrefix(),
            failing,
            RedisCounterSettings.defaults(),
            listener,
            Clock.systemUTC());

    assertThatThrownBy(() -> counters.record(keyed("run-7")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("durable store timed out");
    assertThat(counters.used(KEY)).isZero();

    UsageRecorded retry = counters.record(keyed("run-7"));

    assertThat(retry).isEqualTo(UsageRecorded.allowed(0, 1));
    assertThat(counters.used(KEY)).isEqualTo(1);
    assertThat(durable.used(KEY)).isEqualTo(1);
    assertThat(counters.fastPathAvailable()).isTrue();
  }

  @Test
  @DisplayName(
      "the rate limiter refuses to answer without Redis rather than let everything through")
  void rateLimiterFailsClosedWithoutRedis() throws IOException {
    RedisConnection nowhere = unreachable();
    RateLimiter limiter = nowhere.rateLimiter(Clock.systemUTC());
    RateLimiter.Limit limit = new RateLimiter.Limit(3, Duration.ofMinutes(1));

    assertThatThrownBy(() -> limiter.attempt("login:ada@example.com", limit))
        .isInstanceOf(JedisException.class);
    assertThat(nowhere.health().up()).isFalse();
  }

  private RedisUsageCounters counters(RedisConnection connection, CounterMode mode) {
    RedisUsageCounters counters =
        new RedisUsageCounters(
            connection.client(),
            TestRedis.OPTIONS.keyPrefix(),
            DurableUsageLedger.over(durable),
            RedisCounterSettings.defaults()
                .withMode(mode)
                .withFlushInterval(Duration.ofMillis(50))
                .withRetryInterval(Duration.ZERO),
            listener,
            Clock.systemUTC());
    opened.add(0, counters); // closed before the connections they use
    return counters;
  }

  /** A client of a port nobody listens on: every call is refused at once. */
  private RedisConnection unreachable() throws IOException {
    RedisConnection nowhere =
        RedisConnection.fromUrl(
            "redis://127.0.0.1:" + RedisServerProcess.freePort(), TestRedis.OPTIONS);
    opened.add(nowhere);
    return nowhere;
  }

  /** Records one run {@code times} times against {@code limit}, answers in order. */
  private static List<UsageRecorded> record(RedisUsageCounters counters, int times, long limit) {
    List<UsageRecorded> answers = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      answers.add(counters.record(run(limit)));
    }
    return answers;
  }

  private static UsageRequest run(long limit) {
    return aUsageRequest().limit(limit).build();
  }

  private static UsageRequest keyed(String idempotencyKey) {
    return aUsageRequest().limit(10).idempotencyKey(idempotencyKey).build();
  }
}

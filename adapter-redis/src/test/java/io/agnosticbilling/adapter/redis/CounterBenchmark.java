package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.usage.UsageRequest;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Benchmark (not a test; run by scripts/bench-counters.sh): records per second and latency of each
 * counters back end under the same load, side by side. Every record carries an idempotency key and
 * a limit, as the usage service sends them.
 *
 * <p>Mongo hook: once adapter-mongo is on main, add it (and mongo-java-server) as test dependencies
 * and add {@code new Backend("mongo (embedded)", () -> new MongoUsageCounters(db,
 * Clock.systemUTC()))} plus the two Redis modes over it to {@link #backends}.
 */
public final class CounterBenchmark {
  private static final int THREADS = Integer.getInteger("bench.threads", 4);
  private static final int RECORDS = Integer.getInteger("bench.records", 40_000);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 10_000);
  private static final int ORGANIZATIONS = 200;
  private static final UsagePeriod PERIOD = UsagePeriod.calendarMonthOf(Instant.now());

  private CounterBenchmark() {}

  record Backend(String name, Supplier<UsageCounters> counters) {}

  public static void main(String[] args) throws Exception {
    RedisConnection redis = TestRedis.connect();
    System.out.printf(
        Locale.ROOT,
        "counters benchmark: %d threads, %d records (after %d warm-up), %d organizations, Redis %s%n",
        THREADS,
        RECORDS,
        WARMUP,
        ORGANIZATIONS,
        redis);
    System.out.printf(
        Locale.ROOT,
        "%-40s %12s %10s %10s %10s%n",
        "back end",
        "records/s",
        "p50 µs",
        "p99 µs",
        "max µs");
    for (Backend backend : backends(redis)) {
      TestRedis.flush(redis);
      UsageCounters counters = backend.counters().get();
      run(counters, WARMUP, "warm-" + backend.name());
      Result result = run(counters, RECORDS, backend.name());
      if (counters instanceof AutoCloseable closeable) {
        closeable.close();
      }
      System.out.printf(
          Locale.ROOT,
          "%-40s %,12.0f %10.0f %10.0f %10.0f%n",
          backend.name(),
          result.perSecond(),
          result.p50Micros(),
          result.p99Micros(),
          result.maxMicros());
    }
    TestRedis.flush(redis);
    redis.close();
  }

  static List<Backend> backends(RedisConnection redis) {
    RedisCounterSettings writeThrough = RedisCounterSettings.defaults();
    RedisCounterSettings writeBehind = writeThrough.withMode(CounterMode.WRITE_BEHIND);
    return List.of(
        new Backend("in-memory", InMemoryUsageCounters::new),
        new Backend(
            "redis write-through over in-memory",
            () -> redisOver(redis, new InMemoryUsageCounters(), writeThrough)),
        new Backend(
            "redis write-behind over in-memory",
            () -> redisOver(redis, new InMemoryUsageCounters(), writeBehind)));
  }

  private static UsageCounters redisOver(
      RedisConnection redis, UsageCounters durable, RedisCounterSettings settings) {
    return new RedisUsageCounters(
        redis.client(),
        TestRedis.OPTIONS.keyPrefix(),
        DurableUsageLedger.over(durable),
        settings,
        FastPathListener.NONE,
        Clock.systemUTC());
  }

  record Result(double perSecond, double p50Micros, double p99Micros, double maxMicros) {}

  private static Result run(UsageCounters counters, int records, String runId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    int perThread = records / THREADS;
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                long[] latencies = new long[perThread];
                start.await();
                for (int i = 0; i < perThread; i++) {
                  UsageRequest request = request(runId, thread, i);
                  long began = System.nanoTime();
                  counters.record(request);
                  latencies[i] = System.nanoTime() - began;
                }
                return latencies;
              }));
    }
    long began = System.nanoTime();
    start.countDown();
    long[] all = new long[perThread * THREADS];
    int at = 0;
    for (Future<long[]> f : futures) {
      long[] part = f.get();
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    long elapsed = System.nanoTime() - began;
    pool.shutdown();
    Arrays.sort(all);
    return new Result(
        all.length / (elapsed / 1e9),
        all[(int) (all.length * 0.50)] / 1e3,
        all[(int) (all.length * 0.99)] / 1e3,
        all[all.length - 1] / 1e3);
  }

  private static UsageRequest request(String runId, int thread, int i) {
    OrganizationId org = OrganizationId.of("org_bench_" + ((thread * 7919 + i) % ORGANIZATIONS));
    return new UsageRequest(
        new UsageKey(org, Metric.TEST_RUNS, PERIOD.start()),
        1,
        Quota.of(1_000_000),
        Optional.of(runId.replace(' ', '-') + "-" + thread + "-" + i),
        PERIOD.end());
  }
}

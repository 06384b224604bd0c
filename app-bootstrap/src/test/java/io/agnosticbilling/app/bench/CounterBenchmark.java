package io.agnosticbilling.app.bench;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.agnosticbilling.adapter.mongo.EmbeddedMongo;
import io.agnosticbilling.adapter.mongo.MongoBillingStore;
import io.agnosticbilling.adapter.mongo.MongoStoreOptions;
import io.agnosticbilling.adapter.redis.CounterMode;
import io.agnosticbilling.adapter.redis.DurableUsageLedger;
import io.agnosticbilling.adapter.redis.FastPathListener;
import io.agnosticbilling.adapter.redis.RedisConnection;
import io.agnosticbilling.adapter.redis.RedisCounterSettings;
import io.agnosticbilling.adapter.redis.RedisHealth;
import io.agnosticbilling.adapter.redis.RedisOptions;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.usage.UsageRequest;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Benchmark (a plain main, not a test; run by scripts/bench-counters.sh): records per second and
 * latency of every usage-counters back end under the same load, side by side. It lives in
 * app-bootstrap because only here are all adapters visible. Every record carries an idempotency key
 * and a limit, as the usage service sends them.
 */
public final class CounterBenchmark {
  private static final int THREADS = Integer.getInteger("bench.threads", 4);
  private static final int RECORDS = Integer.getInteger("bench.records", 40_000);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 10_000);
  // Anything that writes every record to a Mongo store is 10-100x slower; the full load would not
  // fit the 5 minutes the script aims for.
  private static final int SLOW_RECORDS = Integer.getInteger("bench.slowRecords", 8_000);
  private static final int SLOW_WARMUP = Integer.getInteger("bench.slowWarmup", 2_000);
  private static final int ORGANIZATIONS = 200;
  private static final UsagePeriod PERIOD = UsagePeriod.calendarMonthOf(Instant.now());
  private static final String REDIS_URL =
      System.getenv().getOrDefault("REDIS_TEST_URL", "redis://127.0.0.1:6379/15");
  private static final String REDIS_PREFIX = "abbench:";
  private static final String ROW = "%-50s %12s %10s %10s %10s%n";

  private CounterBenchmark() {}

  /**
   * Counters to measure, the store that must end up holding every count, and what to close after,
   * in closing order.
   */
  record Fixture(UsageCounters counters, UsageCounters durable, List<AutoCloseable> resources) {}

  @FunctionalInterface
  interface Setup {
    Fixture open() throws Exception;
  }

  record Backend(String name, boolean slow, Setup setup) {}

  record Result(double perSecond, double p50Micros, double p99Micros, double maxMicros) {}

  public static void main(String[] args) throws Exception {
    Optional<RedisConnection> redis = connectRedis();
    Optional<String> mongoUri = Optional.ofNullable(System.getenv("MONGO_URI_BENCH"));
    printHeader(redis, mongoUri);
    System.out.printf(Locale.ROOT, ROW, "back end", "records/s", "p50 µs", "p99 µs", "max µs");
    List<String> notes = new ArrayList<>();
    for (Backend backend : backends(redis, mongoUri)) {
      redis.ifPresent(r -> r.client().flushDB());
      notes.addAll(measure(backend));
    }
    if (redis.isEmpty()) {
      notes.add("Redis rows skipped: no Redis answers at " + REDIS_URL + " (set REDIS_TEST_URL)");
    }
    if (mongoUri.isEmpty()) {
      notes.add("real MongoDB rows skipped: set MONGO_URI_BENCH=mongodb://host:port to add them");
    }
    notes.forEach(System.out::println);
    redis.ifPresent(
        r -> {
          r.client().flushDB();
          r.close();
        });
  }

  private static List<Backend> backends(Optional<RedisConnection> redis, Optional<String> mongo) {
    List<Backend> all = new ArrayList<>();
    all.add(new Backend("in-memory", false, CounterBenchmark::inMemory));
    all.add(new Backend("mongo (embedded, memory backend)", true, () -> embedded(false)));
    all.add(new Backend("mongo (embedded, H2 file: server default)", true, () -> embedded(true)));
    mongo.ifPresent(uri -> all.add(new Backend("mongo (MONGO_URI_BENCH)", true, () -> real(uri))));
    redis.ifPresent(
        r -> {
          for (CounterMode mode : CounterMode.values()) {
            String label = "redis " + label(mode);
            all.add(
                new Backend(
                    label + " over in-memory", false, () -> redisOver(r, mode, inMemory())));
            all.add(
                new Backend(
                    label + " over mongo (embedded, H2)",
                    mode == CounterMode.WRITE_THROUGH,
                    () -> redisOver(r, mode, embedded(true))));
            mongo.ifPresent(
                uri ->
                    all.add(
                        new Backend(
                            label + " over mongo (MONGO_URI_BENCH)",
                            mode == CounterMode.WRITE_THROUGH,
                            () -> redisOver(r, mode, real(uri)))));
          }
        });
    return all;
  }

  private static String label(CounterMode mode) {
    return mode == CounterMode.WRITE_BEHIND ? "write-behind" : "write-through";
  }

  private static Fixture inMemory() {
    InMemoryUsageCounters counters = new InMemoryUsageCounters();
    return new Fixture(counters, counters, List.of());
  }

  private static Fixture embedded(boolean onDisk) throws Exception {
    Path dir = Files.createTempDirectory("ab-bench-mongo");
    EmbeddedMongo server = onDisk ? EmbeddedMongo.onDisk(dir) : EmbeddedMongo.inMemory();
    MongoBillingStore store =
        MongoBillingStore.connect(server.connectionString(), MongoStoreOptions.defaults());
    // The indexes the server's migrations create, so lookups cost what they cost in production.
    store.migrations().up();
    return new Fixture(
        store.usageCounters(),
        store.usageCounters(),
        List.of(store, server, () -> deleteTree(dir)));
  }

  /** A fresh database of its own on the given server, dropped afterwards: nothing else touched. */
  private static Fixture real(String uri) {
    MongoClient client = MongoClients.create(new ConnectionString(uri));
    String database = "ab_bench_" + System.nanoTime();
    MongoBillingStore store =
        MongoBillingStore.using(client, database, MongoStoreOptions.defaults());
    store.migrations().up();
    return new Fixture(
        store.usageCounters(),
        store.usageCounters(),
        List.of(() -> store.database().drop(), client));
  }

  /** The server's wiring with REDIS_URL: Redis decides, the store behind it keeps the counts. */
  private static Fixture redisOver(RedisConnection redis, CounterMode mode, Fixture store) {
    UsageCounters counters =
        redis.usageCounters(
            DurableUsageLedger.over(store.counters()),
            RedisCounterSettings.defaults().withMode(mode),
            FastPathListener.NONE);
    return new Fixture(counters, store.durable(), store.resources());
  }

  private static List<String> measure(Backend backend) throws Exception {
    int warmup = backend.slow() ? SLOW_WARMUP : WARMUP;
    int records = backend.slow() ? SLOW_RECORDS : RECORDS;
    Fixture fixture = backend.setup().open();
    List<String> notes = new ArrayList<>();
    try {
      Run warm = run(fixture.counters(), warmup, "warm-" + backend.name());
      Run measured = run(fixture.counters(), records, backend.name());
      if (fixture.counters() instanceof AutoCloseable closeable) {
        // Write-behind: the last flush to the store, outside the timed part; shown so a store
        // that cannot keep up is visible.
        long began = System.nanoTime();
        closeable.close();
        long drained = Duration.ofNanos(System.nanoTime() - began).toMillis();
        if (drained > 10) {
          notes.add(
              String.format(Locale.ROOT, "%s: final flush took %d ms", backend.name(), drained));
        }
      }
      Result result = measured.summary();
      System.out.printf(
          Locale.ROOT,
          "%-50s %,12.0f %,10.0f %,10.0f %,10.0f%n",
          backend.name(),
          result.perSecond(),
          result.p50Micros(),
          result.p99Micros(),
          result.maxMicros());
      long allowed = warm.latencies().length + measured.latencies().length;
      long durable = durableTotal(fixture.durable());
      if (durable != allowed) {
        notes.add(
            String.format(
                Locale.ROOT,
                "COUNT MISMATCH %s: %d records allowed, the store holds %d",
                backend.name(),
                allowed,
                durable));
      }
    } finally {
      for (AutoCloseable resource : fixture.resources()) {
        resource.close();
      }
    }
    return notes;
  }

  private static long durableTotal(UsageCounters durable) {
    long total = 0;
    for (int org = 0; org < ORGANIZATIONS; org++) {
      total += durable.used(key(org));
    }
    return total;
  }

  /** Latencies of one timed run, in nanoseconds, and its wall-clock duration. */
  record Run(long[] latencies, long elapsedNanos) {
    Result summary() {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return new Result(
          sorted.length / (elapsedNanos / 1e9),
          sorted[(int) (sorted.length * 0.50)] / 1e3,
          sorted[(int) (sorted.length * 0.99)] / 1e3,
          sorted[sorted.length - 1] / 1e3);
    }
  }

  /** {@code records} records (rounded down to a multiple of the threads), all threads at once. */
  private static Run run(UsageCounters counters, int records, String runId) throws Exception {
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
                  boolean allowed = counters.record(request).allowed();
                  latencies[i] = System.nanoTime() - began;
                  if (!allowed) {
                    throw new IllegalStateException("refused under a limit never reached");
                  }
                }
                return latencies;
              }));
    }
    long began = System.nanoTime();
    start.countDown();
    long[] all = new long[perThread * THREADS];
    int at = 0;
    try {
      for (Future<long[]> f : futures) {
        long[] part = f.get();
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
    } finally {
      pool.shutdownNow();
    }
    return new Run(all, System.nanoTime() - began);
  }

  private static UsageRequest request(String runId, int thread, int i) {
    return new UsageRequest(
        key((thread * 7919 + i) % ORGANIZATIONS),
        1,
        Quota.of(1_000_000),
        Optional.of(runId.replace(' ', '-') + "-" + thread + "-" + i),
        PERIOD.end());
  }

  private static UsageKey key(int organization) {
    return new UsageKey(
        OrganizationId.of("org_bench_" + organization), Metric.TEST_RUNS, PERIOD.start());
  }

  private static Optional<RedisConnection> connectRedis() {
    RedisConnection redis =
        RedisConnection.fromUrl(
            REDIS_URL,
            RedisOptions.defaults().withKeyPrefix(REDIS_PREFIX).withTimeout(Duration.ofSeconds(2)));
    RedisHealth health = redis.health();
    if (!health.up()) {
      redis.close();
      System.out.println("no Redis: " + health.detail());
      return Optional.empty();
    }
    return Optional.of(redis);
  }

  private static void printHeader(Optional<RedisConnection> redis, Optional<String> mongoUri) {
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "counters benchmark %s%n"
            + "machine: %s %s, %d cores, Java %s (%s), max heap %d MiB%n"
            + "Redis: %s%n"
            + "MongoDB (MONGO_URI_BENCH): %s%n"
            + "load: %d threads, %d organizations x 1 metric, every record with an idempotency"
            + " key and a limit%n"
            + "  in-memory and Redis write-behind: %,d records after %,d warm-up%n"
            + "  Mongo and Redis write-through over Mongo: %,d records after %,d warm-up (fewer:"
            + " every record waits for a store write; -Dbench.slowRecords)%n"
            + "note: on a shared 2-core machine the absolute figures are noisy; compare ratios"
            + " within one run%n%n",
        Instant.now(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        runtime.availableProcessors(),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.name"),
        runtime.maxMemory() / (1024 * 1024),
        redis.map(CounterBenchmark::describe).orElse("none (rows skipped)"),
        // Hosts only: the URI may carry a password.
        mongoUri
            .map(uri -> new ConnectionString(uri).getHosts() + ", a fresh database dropped after")
            .orElse("not set (rows skipped)"),
        THREADS,
        ORGANIZATIONS,
        RECORDS,
        WARMUP,
        SLOW_RECORDS,
        SLOW_WARMUP);
  }

  private static String describe(RedisConnection redis) {
    String version =
        redis
            .client()
            .info("server")
            .lines()
            .filter(line -> line.startsWith("redis_version:"))
            .map(line -> line.substring("redis_version:".length()).strip())
            .findFirst()
            .orElse("?");
    return redis + ", server " + version + ", key prefix " + REDIS_PREFIX;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}

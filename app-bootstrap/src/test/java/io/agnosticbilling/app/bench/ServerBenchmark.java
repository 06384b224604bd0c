package io.agnosticbilling.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import io.agnosticbilling.app.FullSizeEvents;
import io.agnosticbilling.app.ServerProcess;
import io.agnosticbilling.app.bench.RawHttpConnection.Reply;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Benchmark (a plain main, not a test; run by scripts/bench-webhooks.sh and bench-usage.sh): the
 * real server in its own process on the store the environment selects, loaded over HTTP from a
 * fixed number of connections. Prints requests per second, latency percentiles, the throughput of
 * the first and the last tenth of the run (decay as data grows), the server's CPU seconds and its
 * resident memory.
 *
 * <p>Modes ({@code -Dbench.mode}): {@code webhooks} signs up 2,000 organizations and sends 20,000
 * signed {@code customer.subscription.updated} events of Stripe's real size, 10 revisions per
 * subscription in increasing {@code created} order; {@code usage} puts 200 organizations on the
 * unlimited plan and records test runs with unique run ids.
 */
public final class ServerBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODE = System.getProperty("bench.mode", "webhooks");
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
  private static final int ORGANIZATIONS =
      Integer.getInteger("bench.organizations", MODE.equals("usage") ? 200 : 2_000);
  private static final int REVISIONS = Integer.getInteger("bench.revisions", 10);
  private static final int RECORDS = Integer.getInteger("bench.records", 40_000);
  // Subscriptions the webhook warm-up runs side by side, and the revisions of each (see
  // webhooks()).
  private static final int WARM_SLOTS = 1_000;
  private static final int WARM_REVISIONS = Integer.getInteger("bench.warmRevisions", 5);
  private static final String SERVER_JVM =
      System.getProperty("bench.serverJvm", "-Xmx256m -XX:+UseSerialGC");
  private static final String FLIGHT_RECORDING = System.getProperty("bench.jfr", "");
  // JFR's "profile" or a .jfc file (e.g. with 2 ms execution sampling).
  private static final String FLIGHT_SETTINGS = System.getProperty("bench.jfrSettings", "profile");
  private static final String WEBHOOK_SECRET = "whsec_benchSecret0123456789abcdef";
  private static final String TEAM_PRICE = "price_team_bench";
  private static final String ENTERPRISE_PRICE = "price_enterprise_bench";
  private static final String PASSWORD = "bench-password-123";

  private static final String HOST = "127.0.0.1";

  private final int port;
  private final int warmup;
  // One pool for the whole run, each thread with its own keep-alive connection, so the
  // generator's CPU and allocation can be read from its live threads before and after.
  private final ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
  private final ThreadLocal<RawHttpConnection> connection;

  private ServerBenchmark(int port, int warmup) {
    this.port = port;
    this.warmup = warmup;
    this.connection = ThreadLocal.withInitial(() -> new RawHttpConnection(HOST, port));
  }

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("bench-server-");
    Map<String, String> environment = environment(work);
    String store =
        environment.containsKey("DATABASE_URL")
            ? "postgresql"
            : environment.containsKey("MONGO_URI") ? "mongodb" : "sqlite";
    List<String> jvm = Arrays.asList(SERVER_JVM.trim().split("\\s+"));
    int warmup = warmup(store);
    System.out.printf(
        "%s benchmark: store %s, %d connections, %,d warm-up requests, server JVM %s, %d cores%n",
        MODE, store, CONNECTIONS, warmup, SERVER_JVM, Runtime.getRuntime().availableProcessors());
    System.out.println("load average at the start: " + Result.loadAverage());
    try (ServerProcess server =
        ServerProcess.start(environment, jvm, work, work.resolve("server.log"))) {
      ServerBenchmark bench = new ServerBenchmark(server.port(), warmup);
      List<String[]> organizations = bench.signUp(ORGANIZATIONS);
      Result result =
          MODE.equals("usage")
              ? bench.usage(organizations, server)
              : bench.webhooks(organizations, server);
      result.print(store);
    }
    // The HTTP client's threads are not daemons; the figures are printed, so end here.
    System.exit(0);
  }

  // Long enough for the JIT to finish its work on the hot paths: with 2,000 warm-up events the
  // first tenth of the run measured the compiler (a third of the last tenth's rate), not the store;
  // after 10,000 the C2 compiler threads still took 0.2-0.3 ms of CPU per measured webhook (the
  // per-thread figures show it), after 30,000 about 0.05 ms. What counts is the time the compiler
  // gets, not the count: 30,000 usage records are over in 4-5 s, and the C2 compiler then still
  // took 0.03-0.05 ms per measured record, compiling the request path itself (Jetty's request
  // cycle, the route) as the timed phase began; after 100,000 (10-12 s) it takes none. Webhooks on
  // PostgreSQL run at a third of SQLite's rate with PostgreSQL taking half the CPU: after 30,000
  // the request threads were still in C1's profiling code (0.30 ms of user CPU per webhook against
  // 0.16 after 90,000) and C2 took 0.09 ms per webhook. On session 20's machine C2 still took
  // 0.005-0.063 ms per measured webhook (median 0.022) in 21 of 23 runs after 90,000; after
  // 150,000 it took less than 0.005 in three runs of four (0.020 in the fourth).
  private static int warmup(String store) {
    return Integer.getInteger(
        "bench.warmup",
        MODE.equals("usage") ? 100_000 : store.equals("postgresql") ? 150_000 : 30_000);
  }

  private static Map<String, String> environment(Path work) {
    Map<String, String> env = new HashMap<>();
    env.put("BILLING_DATA_DIR", work.resolve("data").toString());
    env.put("JWT_SECRET", "bench-jwt-secret-that-is-long-enough-for-hs256");
    env.put("PASSWORD_SALT_ROUNDS", "4");
    env.put("SIGNUP_MAX_PER_ADDRESS", "0");
    env.put("STRIPE_SECRET_KEY", "sk_test_bench");
    env.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.put("STRIPE_TEAM_PRICE_ID", TEAM_PRICE);
    env.put("STRIPE_ENTERPRISE_PRICE_ID", ENTERPRISE_PRICE);
    // No provider call is expected: events arrive in order, so no same-second fetch.
    env.put("STRIPE_API_BASE", "http://127.0.0.1:9");
    for (String passed : List.of("DATABASE_URL", "MONGO_URI", "REDIS_URL", "DATABASE_POOL_SIZE")) {
      String value = System.getenv("BENCH_" + passed);
      if (value != null && !value.isBlank()) {
        env.put(passed, value);
      }
    }
    return env;
  }

  /** Signs up {@code count} organizations; each entry is {organization id, token}. */
  private List<String[]> signUp(int count) throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    String[][] organizations = new String[count][];
    load(
        count,
        i ->
            post(
                "/api/auth/signup",
                Map.of(),
                json(
                    Map.of(
                        "email", "bench-" + run + "-" + i + "@example.test",
                        "password", PASSWORD,
                        "organizationName", "Bench " + i))),
        (i, reply) -> {
          JsonNode body = JSON.readTree(reply.body());
          organizations[i] =
              new String[] {body.at("/organization/id").asText(), body.get("token").asText()};
        });
    return List.of(organizations);
  }

  private Result webhooks(List<String[]> organizations, ServerProcess server) throws Exception {
    long created = System.currentTimeMillis() / 1000 - 10 * 86_400;
    int subscriptions = organizations.size();
    IntFunction<byte[]> event =
        i -> {
          int subscription = i % subscriptions;
          int revision = i / subscriptions;
          return webhook(
              organizations.get(subscription)[0],
              "sub_bench_" + subscription,
              TEAM_PRICE,
              created - 3_600,
              created + revision);
        };
    // Warm-up, on organizations of its own: first revisions and later ones evenly mixed over the
    // whole warm-up (each subscription's WARM_REVISIONS revisions in increasing order, WARM_SLOTS
    // events apart), with enough first revisions (a fifth of 30,000) for the JIT to compile the
    // code only they take. The former warm-up sent all first revisions first, then only later
    // ones, as the measured run does: the code of a first revision was left interpreted or
    // compiled for later revisions only, the measured phase (which starts with 2,000 first
    // revisions) compiled it again, and the C2 compiler took 0.08-0.18 ms per measured webhook, a
    // fifth to a third of the server's CPU.
    int slots = Math.min(WARM_SLOTS, Math.max(1, warmup / WARM_REVISIONS));
    int generations = (warmup / slots + WARM_REVISIONS - 1) / WARM_REVISIONS + 1;
    List<String[]> warmOrganizations = signUp(slots * generations);
    load(
        warmup,
        i -> {
          int slot = i % slots;
          int position = i / slots + slot % WARM_REVISIONS;
          int subscription = slot + slots * (position / WARM_REVISIONS);
          return webhook(
              warmOrganizations.get(subscription)[0],
              "sub_warm_" + subscription,
              TEAM_PRICE,
              created - 3_600,
              created + position % WARM_REVISIONS);
        },
        (i, reply) -> {});
    return measure(subscriptions * REVISIONS, event, server);
  }

  private Result usage(List<String[]> organizations, ServerProcess server) throws Exception {
    long created = System.currentTimeMillis() / 1000 - 86_400;
    load(
        organizations.size(),
        i ->
            webhook(
                organizations.get(i)[0],
                "sub_usage_" + i,
                ENTERPRISE_PRICE,
                created - 3_600,
                created),
        (i, reply) -> {});
    String run = Long.toString(System.nanoTime(), 36);
    IntFunction<byte[]> warm =
        i ->
            post(
                "/api/usage/test-runs",
                Map.of("Authorization", "Bearer " + organizations.get(i % organizations.size())[1]),
                json(Map.of("runId", "warm-" + run + "-" + i)));
    load(warmup, warm, (i, reply) -> {});
    IntFunction<byte[]> record =
        i ->
            post(
                "/api/usage/test-runs",
                Map.of("Authorization", "Bearer " + organizations.get(i % organizations.size())[1]),
                json(Map.of("runId", run + "-" + i)));
    return measure(RECORDS, record, server);
  }

  /**
   * A revision of subscription {@code subscriptionId} created at {@code created}: its period starts
   * an hour before; its {@code start_date} is {@code startDate}, the same in every revision, as at
   * Stripe (a start date moving with every event rewrote the subscription's indexed row each time,
   * which no real subscription does).
   */
  private byte[] webhook(
      String organizationId, String subscriptionId, String price, long startDate, long created) {
    String payload =
        FullSizeEvents.subscriptionUpdated(
            "evt_" + Long.toString(System.nanoTime(), 36) + "_" + subscriptionId,
            created,
            organizationId,
            subscriptionId,
            "cus_" + subscriptionId,
            price,
            startDate,
            created - 3_600);
    return post(
        "/api/webhooks/stripe",
        Map.of("Stripe-Signature", FullSizeEvents.sign(payload, WEBHOOK_SECRET)),
        payload);
  }

  private byte[] post(String path, Map<String, String> headers, String body) {
    return RawHttpConnection.post(HOST, port, path, headers, body);
  }

  /**
   * Encodes (and signs) every request first, within Stripe's 300 s tolerance of the run, then sends
   * them timed: the generator's CPU in the timed phase is sending and reading only.
   */
  private Result measure(int count, IntFunction<byte[]> request, ServerProcess server)
      throws Exception {
    byte[][] requests = new byte[count][];
    for (int i = 0; i < count; i++) {
      requests[i] = request.apply(i);
    }
    long[] latencies = new long[count];
    long[] finished = new long[count];
    flightRecording(server, "JFR.start", "name=bench", "settings=" + FLIGHT_SETTINGS);
    Generator before = Generator.now();
    double cpuBefore = server.cpuSeconds();
    Map<String, Double> threadsBefore = server.cpuSecondsByThreadGroup();
    PostgresCpu postgresBefore = PostgresCpu.of(server.pid());
    long start = System.nanoTime();
    load(count, i -> requests[i], (i, reply) -> finished[i] = System.nanoTime(), latencies);
    long elapsed = System.nanoTime() - start;
    double cpu = server.cpuSeconds() - cpuBefore;
    Map<String, Double> threads = server.cpuSecondsByThreadGroup();
    threadsBefore.forEach((group, seconds) -> threads.merge(group, -seconds, Double::sum));
    PostgresCpu postgresAfter = PostgresCpu.of(server.pid());
    double[] postgres =
        postgresAfter.connections() == 0 ? null : postgresAfter.since(postgresBefore);
    Generator generator = Generator.now().minus(before);
    flightRecording(server, "JFR.stop", "name=bench", "filename=" + FLIGHT_RECORDING);
    double[] rss = server.rssMiB();
    return new Result(
        count, elapsed, latencies, finished, start, cpu, threads, generator, rss, postgres);
  }

  /**
   * With {@code -Dbench.jfr=<file>}, a flight recording of the server over the timed phase only
   * (started and stopped with {@code jcmd}), for its execution and allocation samples.
   */
  private static void flightRecording(ServerProcess server, String... command) throws Exception {
    if (FLIGHT_RECORDING.isBlank()) {
      return;
    }
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(server.pid())));
    line.addAll(Arrays.asList(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (jcmd.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
    }
  }

  /** The load generator's own CPU seconds and allocated bytes (all live threads). */
  private record Generator(double cpuSeconds, long allocatedBytes) {
    static Generator now() {
      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      long allocated = 0;
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        allocated += Math.max(0, bytes);
      }
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return new Generator(os.getProcessCpuTime() / 1e9, allocated);
    }

    Generator minus(Generator before) {
      return new Generator(cpuSeconds - before.cpuSeconds, allocatedBytes - before.allocatedBytes);
    }
  }

  private interface OnReply {
    void accept(int index, Reply reply) throws Exception;
  }

  private void load(int count, IntFunction<byte[]> request, OnReply onReply) throws Exception {
    load(count, request, onReply, new long[count]);
  }

  /**
   * Sends {@code count} requests from {@link #CONNECTIONS} threads, each waiting for its answer
   * before the next; any answer that is not 2xx stops the benchmark.
   */
  private void load(int count, IntFunction<byte[]> request, OnReply onReply, long[] latencies)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < CONNECTIONS; t++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  byte[] built = request.apply(i);
                  long sent = System.nanoTime();
                  Reply reply = connection.get().send(built);
                  latencies[i] = System.nanoTime() - sent;
                  if (reply.status() / 100 != 2) {
                    throw new IllegalStateException(
                        new String(built, 0, Math.min(built.length, 60), StandardCharsets.UTF_8)
                            + " answered "
                            + reply.status()
                            + ": "
                            + reply.text());
                  }
                  onReply.accept(i, reply);
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
  }

  private static String json(Map<String, ?> value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The figures of one measured run. */
  private record Result(
      int count,
      long elapsedNanos,
      long[] latencies,
      long[] finished,
      long start,
      double cpuSeconds,
      Map<String, Double> cpuByThreads,
      Generator generator,
      double[] rssMiB,
      double[] postgresCpu) {

    void print(String store) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      long[] ends = finished.clone();
      Arrays.sort(ends);
      int tenth = Math.max(1, count / 10);
      double firstRate = tenth / ((ends[tenth - 1] - start) / 1e9);
      double lastRate = tenth / ((ends[count - 1] - ends[count - tenth - 1]) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "%-10s %-9s %8s %10s %8s %8s %8s %10s %10s %9s %9s%n",
          "mode",
          "store",
          "requests",
          "per second",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "first 10%",
          "last 10%",
          "cpu s",
          "RSS MiB");
      System.out.printf(
          Locale.ROOT,
          "%-10s %-9s %8d %10.0f %8.2f %8.2f %8.2f %10.0f %10.0f %9.1f %5.0f/%-4.0f%n",
          MODE,
          store,
          count,
          count / (elapsedNanos / 1e9),
          percentile(sorted, 0.50),
          percentile(sorted, 0.90),
          percentile(sorted, 0.99),
          firstRate,
          lastRate,
          cpuSeconds,
          rssMiB[0],
          rssMiB[1]);
      System.out.printf(
          Locale.ROOT,
          "server CPU %.3f ms per request; load generator CPU %.1f s, %.3f ms and %.1f KB"
              + " allocated per request; load average %s%n",
          cpuSeconds * 1000 / count,
          generator.cpuSeconds(),
          generator.cpuSeconds() * 1000 / count,
          generator.allocatedBytes() / 1024.0 / count,
          loadAverage());
      StringBuilder threads = new StringBuilder("server CPU ms per request by thread group:");
      cpuByThreads.entrySet().stream()
          .filter(group -> group.getValue() >= 0.005 * count / 1000)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(
              group ->
                  threads.append(
                      String.format(
                          Locale.ROOT,
                          " %s %.3f;",
                          group.getKey(),
                          group.getValue() * 1000 / count)));
      System.out.println(threads);
      if (postgresCpu != null) {
        System.out.printf(
            Locale.ROOT,
            "PostgreSQL CPU ms per request: the server's backends %.3f user + %.3f sys;"
                + " WAL writer, checkpointer, background writer %.3f (shared with any other"
                + " user of the cluster)%n",
            postgresCpu[0] * 1000 / count,
            postgresCpu[1] * 1000 / count,
            (postgresCpu[2] + postgresCpu[3]) * 1000 / count);
      }
      StringBuilder tenths = new StringBuilder("requests per second by tenth of the run:");
      for (int t = 0; t < 10 && tenth * (t + 1) <= count; t++) {
        long from = t == 0 ? start : ends[tenth * t - 1];
        tenths.append(
            String.format(
                Locale.ROOT, " %.0f", tenth / ((ends[tenth * (t + 1) - 1] - from) / 1e9)));
      }
      System.out.println(tenths);
      System.out.println("(RSS: at the end / peak of the process)");
    }

    private static String loadAverage() {
      try {
        return Files.readString(Path.of("/proc/loadavg")).trim();
      } catch (IOException e) {
        return "unknown";
      }
    }

    private static double percentile(long[] sorted, double p) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
  }
}

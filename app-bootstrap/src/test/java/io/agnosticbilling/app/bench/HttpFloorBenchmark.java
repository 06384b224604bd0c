package io.agnosticbilling.app.bench;

import com.sun.management.OperatingSystemMXBean;
import io.agnosticbilling.app.ServerProcess;
import io.agnosticbilling.app.bench.RawHttpConnection.Reply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Benchmark (a plain main, not a test; run by scripts/bench-http-floor.sh): the floor Jetty 11 sets
 * under this API, a bare {@link AbstractHandler} (no servlet, no Javalin, no store) in its own
 * process with the server's JVM settings, answering the usage record's request shape (POST with a
 * bearer token of a real token's length and a small JSON body, read in full) with a small JSON
 * answer and the API's security headers, loaded by the same raw generator ({@link
 * RawHttpConnection}, 16 keep-alive connections) as {@link ServerBenchmark}. Prints the server's
 * CPU ms per request (by thread group) and the generator's: what any Jetty-based server on this
 * machine spends before doing any work of its own.
 */
public final class HttpFloorBenchmark {
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 50_000);
  private static final int REQUESTS = Integer.getInteger("bench.records", 100_000);
  private static final String SERVER_JVM =
      System.getProperty("bench.serverJvm", "-Xmx256m -XX:+UseSerialGC");
  private static final String HOST = "127.0.0.1";
  private static final byte[] ANSWER =
      "{\"allowed\":true,\"used\":1,\"limit\":null,\"remaining\":null,\"alerts\":[],\"replayed\":false}"
          .getBytes(StandardCharsets.UTF_8);

  private HttpFloorBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve();
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(SERVER_JVM.trim().split("\\s+")));
    command.addAll(
        List.of(
            "-cp", ServerProcess.absoluteClassPath(), HttpFloorBenchmark.class.getName(), "serve"));
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      // Logback's own status lines may come first.
      String line = out.readLine();
      while (line != null && !line.startsWith("PORT ")) {
        line = out.readLine();
      }
      if (line == null) {
        throw new IllegalStateException("the floor server did not start");
      }
      int port = Integer.parseInt(line.substring(5).trim());
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // the server's log, unread
                  }
                } catch (IOException closed) {
                  // the server ended
                }
              });
      drain.setDaemon(true);
      drain.start();
      System.out.printf(
          "HTTP floor: bare Jetty 11 handler, %d connections, server JVM %s, %d cores%n",
          CONNECTIONS, SERVER_JVM, Runtime.getRuntime().availableProcessors());
      System.out.println("load average at the start: " + loadAverage());
      run(port, server.pid());
      System.out.println("load average at the end: " + loadAverage());
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** The floor server: one handler that reads the body and answers the JSON of a usage record. */
  private static void serve() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(250, 8, 60_000);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setHeaderCacheSize(0);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(HOST);
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new AbstractHandler() {
          @Override
          public void handle(
              String target, Request base, HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            base.setHandled(true);
            String authorization = request.getHeader("Authorization");
            try (InputStream in = request.getInputStream()) {
              in.readAllBytes();
            }
            response.setStatus(authorization == null ? 401 : 201);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Security-Policy", "default-src 'self'");
            response.setContentType("application/json");
            response.setContentLength(ANSWER.length);
            response.getOutputStream().write(ANSWER);
          }
        });
    server.start();
    System.out.println("PORT " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  private static void run(int port, long pid) throws Exception {
    // A real token's length (HS256, the claims of ServerBenchmark's sign-ups): ~300 bytes.
    String token = "eyJ" + "x".repeat(290);
    byte[][] requests = new byte[WARMUP + REQUESTS][];
    for (int i = 0; i < requests.length; i++) {
      requests[i] =
          RawHttpConnection.post(
              HOST,
              port,
              "/api/usage/test-runs",
              Map.of("Authorization", "Bearer " + token),
              "{\"runId\":\"run-" + i + "\"}");
    }
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    ThreadLocal<RawHttpConnection> connection =
        ThreadLocal.withInitial(() -> new RawHttpConnection(HOST, port));
    long[] latencies = new long[REQUESTS];
    load(pool, connection, requests, 0, WARMUP, new long[WARMUP]);
    double generatorBefore = generatorCpuSeconds();
    double cpuBefore = ServerProcess.cpuSeconds(pid);
    Map<String, Double> threadsBefore = ServerProcess.cpuSecondsByThreadGroup(pid);
    long started = System.nanoTime();
    load(pool, connection, requests, WARMUP, REQUESTS, latencies);
    long elapsed = System.nanoTime() - started;
    double cpu = ServerProcess.cpuSeconds(pid) - cpuBefore;
    Map<String, Double> threads = ServerProcess.cpuSecondsByThreadGroup(pid);
    threadsBefore.forEach((group, seconds) -> threads.merge(group, -seconds, Double::sum));
    double generator = generatorCpuSeconds() - generatorBefore;
    pool.shutdownNow();

    Arrays.sort(latencies);
    System.out.printf(
        Locale.ROOT,
        "%d requests, %.0f requests/s, p50 %.2f ms, p99 %.2f ms%n",
        REQUESTS,
        REQUESTS / (elapsed / 1e9),
        latencies[REQUESTS / 2] / 1e6,
        latencies[(int) (REQUESTS * 0.99)] / 1e6);
    System.out.printf(
        Locale.ROOT,
        "server CPU %.3f ms per request; load generator CPU %.3f ms per request%n",
        cpu * 1000 / REQUESTS,
        generator * 1000 / REQUESTS);
    Map<String, Double> perRequest = new LinkedHashMap<>();
    threads.entrySet().stream()
        .filter(e -> e.getValue() * 1000 / REQUESTS >= 0.001)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> perRequest.put(e.getKey(), e.getValue() * 1000 / REQUESTS));
    StringBuilder groups = new StringBuilder("server CPU ms per request by thread group:");
    perRequest.forEach(
        (group, ms) -> groups.append(String.format(Locale.ROOT, " %s %.3f;", group, ms)));
    System.out.println(groups);
  }

  private static void load(
      ExecutorService pool,
      ThreadLocal<RawHttpConnection> connection,
      byte[][] requests,
      int from,
      int count,
      long[] latencies)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < CONNECTIONS; t++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  long sent = System.nanoTime();
                  Reply reply = connection.get().send(requests[from + i]);
                  latencies[i] = System.nanoTime() - sent;
                  if (reply.status() != 201) {
                    throw new IllegalStateException("answered " + reply.status());
                  }
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
  }

  private static double generatorCpuSeconds() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}

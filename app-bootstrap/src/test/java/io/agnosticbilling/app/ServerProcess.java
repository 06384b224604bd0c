package io.agnosticbilling.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real server in a process of its own (this JVM's class path, {@link BillingCli}), so a test or
 * a benchmark can kill it with SIGKILL, restart it on the same data, and read its CPU time and
 * memory from {@code /proc}.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code serve} with {@code environment} (plus {@code PORT}) and waits until {@code
   * /health/ready} answers 200; the process's output goes to {@code log}.
   */
  public static ServerProcess start(
      Map<String, String> environment, List<String> jvmOptions, Path workDir, Path log) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(absoluteClassPath());
    command.add(BillingCli.class.getName());
    command.add("serve");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(environment);
    builder.environment().put("PORT", Integer.toString(port));
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      ServerProcess server = new ServerProcess(builder.start(), port, log);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, at once: nothing in the process gets to run again. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the server did not die after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** CPU seconds (user + system) the process has used so far, from {@code /proc/<pid>/stat}. */
  public double cpuSeconds() {
    return cpuSeconds(process.pid());
  }

  /** CPU seconds (user + system) process {@code pid} has used so far. */
  public static double cpuSeconds(long pid) {
    String stat = readProc(pid, "stat");
    // Fields after the command name (which may hold spaces) start behind the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / 100.0;
  }

  /**
   * User and system CPU seconds per group of the server's threads (keys {@code "<group> user"} and
   * {@code "<group> sys"}; a group is a thread's name with its trailing number and dashes dropped:
   * {@code qtp123-45} and {@code qtp123-46} are one group), from {@code
   * /proc/<pid>/task/<tid>/stat}; threads that ended before the reading are not counted.
   */
  public Map<String, Double> cpuSecondsByThreadGroup() {
    return cpuSecondsByThreadGroup(process.pid());
  }

  /** {@link #cpuSecondsByThreadGroup()} of process {@code pid}. */
  public static Map<String, Double> cpuSecondsByThreadGroup(long pid) {
    Map<String, Double> groups = new TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String stat;
        try {
          stat = Files.readString(thread.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        String group = name.replaceAll("[-#0-9 ]+$", "");
        groups.merge(group + " user", Long.parseLong(fields[11]) / 100.0, Double::sum);
        groups.merge(group + " sys", Long.parseLong(fields[12]) / 100.0, Double::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return groups;
  }

  /** Resident memory now and at its peak, in MiB, from {@code /proc/<pid>/status}. */
  public double[] rssMiB() {
    double now = 0;
    double peak = 0;
    for (String line : readProc("status").split("\n")) {
      if (line.startsWith("VmRSS:")) {
        now = kib(line) / 1024.0;
      } else if (line.startsWith("VmHWM:")) {
        peak = kib(line) / 1024.0;
      }
    }
    return new double[] {now, peak};
  }

  /** The server's output so far (for failure messages). */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with " + process.exitValue() + ":\n" + logTail(40));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    kill();
    throw new IllegalStateException("the server was not ready within " + START_TIMEOUT);
  }

  private String readProc(String file) {
    return readProc(process.pid(), file);
  }

  private static String readProc(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This JVM's class path with absolute entries: the server runs in another directory. */
  public static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

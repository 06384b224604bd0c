package io.agnosticbilling.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU seconds of the PostgreSQL processes a benchmark's server makes work, from {@code /proc}: the
 * backends whose client port is one of the server process's TCP connections to port 5432 (their
 * process title names the client's address and port), and the cluster's background processes (WAL
 * writer, checkpointer, background writer), which also work for whoever else uses the cluster.
 * Linux only; a reading that cannot be made is empty.
 */
record PostgresCpu(Map<Long, double[]> backends, double[] background) {
  private static final Pattern CLIENT = Pattern.compile("\\(([0-9]+)\\)");
  private static final int POSTGRES_PORT = 5432;

  static PostgresCpu of(long serverPid) {
    Set<Integer> ports = serverPorts(serverPid);
    Map<Long, double[]> backends = new HashMap<>();
    double[] background = new double[2];
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) processes::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String title;
        String stat;
        try {
          title = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ').trim();
          stat = Files.readString(p.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        if (!title.startsWith("postgres: ")) {
          continue;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        double[] cpu = {Long.parseLong(fields[11]) / 100.0, Long.parseLong(fields[12]) / 100.0};
        Matcher client = CLIENT.matcher(title);
        if (client.find()) {
          if (ports.contains(Integer.parseInt(client.group(1)))) {
            backends.put(Long.parseLong(name), cpu);
          }
        } else if (title.contains("writer") || title.contains("checkpointer")) {
          background[0] += cpu[0];
          background[1] += cpu[1];
        }
      }
    } catch (IOException e) {
      return new PostgresCpu(Map.of(), new double[2]);
    }
    return new PostgresCpu(backends, background);
  }

  /** User and system seconds used since {@code before}: backends, then background processes. */
  double[] since(PostgresCpu before) {
    double[] used = new double[4];
    backends.forEach(
        (pid, cpu) -> {
          double[] was = before.backends.getOrDefault(pid, new double[2]);
          used[0] += cpu[0] - was[0];
          used[1] += cpu[1] - was[1];
        });
    used[2] = background[0] - before.background[0];
    used[3] = background[1] - before.background[1];
    return used;
  }

  int connections() {
    return backends.size();
  }

  /** The local ports of the process's TCP connections to port 5432. */
  private static Set<Integer> serverPorts(long pid) {
    Set<String> sockets = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            sockets.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closed) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      return Set.of();
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
      } catch (IOException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !sockets.contains(f[9])) {
          continue;
        }
        String local = f[1];
        String remote = f[2];
        int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        if (remotePort == POSTGRES_PORT) {
          ports.add(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }
}

package io.agnosticbilling.adapter.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A redis-server of the test's own on a free local port, which the test stops and starts again to
 * cut Redis off for real. Its snapshot lives in a temporary directory, so a restart after {@link
 * #stopSavingSnapshot()} comes back with the data it had.
 */
final class RedisServerProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  private RedisServerProcess(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a server, or skips (fails in CI) when no redis-server binary is installed. */
  static RedisServerProcess start() {
    try {
      RedisServerProcess server =
          new RedisServerProcess(freePort(), Files.createTempDirectory("redis-fault"));
      server.startAgain();
      return server;
    } catch (IOException e) {
      TestRedis.requireOrSkip("cannot start redis-server for the fault tests: " + e.getMessage());
      throw new IllegalStateException("unreachable");
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** (Re)starts on the same port and directory, loading the snapshot if one was saved. */
  void startAgain() throws IOException {
    process =
        new ProcessBuilder(
                List.of(
                    "redis-server",
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    dir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (RedisClient admin = RedisClient.create("127.0.0.1", port)) {
        admin.ping();
        return;
      } catch (JedisException notYet) {
        sleep();
      }
    }
    throw new IllegalStateException("redis-server on port " + port + " did not start");
  }

  /** Stops the server and throws its data away, as a crash of a Redis without persistence. */
  void stop() {
    shutdown("NOSAVE");
  }

  /** Stops the server after writing a snapshot, which the next start loads. */
  void stopSavingSnapshot() {
    shutdown("SAVE");
  }

  /** A one-off client for looking at the server's data behind the adapter's back. */
  String get(String key) {
    try (RedisClient admin = RedisClient.create("127.0.0.1", port)) {
      return admin.get(key);
    }
  }

  private void shutdown(String mode) {
    try (RedisClient admin = RedisClient.create("127.0.0.1", port)) {
      admin.sendCommand(redis.clients.jedis.Protocol.Command.SHUTDOWN, mode);
    } catch (JedisException expected) {
      // the server closes the connection instead of answering
    }
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

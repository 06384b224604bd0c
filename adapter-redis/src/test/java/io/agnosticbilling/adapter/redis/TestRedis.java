package io.agnosticbilling.adapter.redis;

import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Redis the tests run against: {@code REDIS_TEST_URL}, by default database 15 on the local
 * server, with a test key prefix. Only that database is ever flushed. Without a Redis the tests are
 * skipped with the reason printed, except in CI ({@code CI=true}) where they fail.
 */
final class TestRedis {
  static final String URL =
      System.getenv().getOrDefault("REDIS_TEST_URL", "redis://127.0.0.1:6379/15");
  static final RedisOptions OPTIONS =
      RedisOptions.defaults().withKeyPrefix("abtest:").withTimeout(Duration.ofMillis(500));

  private TestRedis() {}

  /** A new client (own pool) on the test database; fails or skips when Redis does not answer. */
  static RedisConnection connect() {
    RedisConnection connection = RedisConnection.fromUrl(URL, OPTIONS);
    RedisHealth health = connection.health();
    if (!health.up()) {
      connection.close();
      requireOrSkip(
          "No Redis for the adapter-redis tests: "
              + health.detail()
              + ". Start one with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379"
              + " --save \"\" --appendonly no (or set REDIS_TEST_URL).");
    }
    return connection;
  }

  /** Empties the test database only. */
  static void flush(RedisConnection connection) {
    connection.client().flushDB();
  }

  /** In CI a missing prerequisite is a failure; elsewhere the test is skipped, saying why. */
  static void requireOrSkip(String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(why + " (CI=true: failing instead of skipping)");
    }
    System.out.println("SKIPPED: " + why);
    Assumptions.abort(why);
  }
}

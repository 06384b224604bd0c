package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.mongo.EmbeddedMongo;
import io.agnosticbilling.app.Accounts.Account;
import io.agnosticbilling.app.ApiClient.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * The standalone server with {@code REDIS_URL}: usage counted in Redis and still durable in the
 * store, readiness and metrics when Redis is unreachable, and login throttling shared by two
 * instances. Needs the Redis of {@value #REDIS}; outside CI a missing Redis skips with a reason.
 */
class RedisServerEndToEndTest {
  static final String REDIS = "redis://127.0.0.1:6379/14";

  private EmbeddedMongo mongo;
  private Path workDir;
  private BillingServer first;
  private BillingServer second;

  @BeforeEach
  void requireRedisAndStartStore() throws IOException {
    boolean answers;
    try (RedisClient redis = RedisClient.create(REDIS)) {
      answers = "PONG".equals(redis.ping());
      redis.flushDB();
    } catch (RuntimeException e) {
      answers = false;
    }
    if (!answers) {
      String reason = "no Redis answers at " + REDIS + " (start redis-server to run these tests)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(reason + "; CI must provide one (.ci/run starts it)");
      }
      System.out.println("SKIPPED RedisServerEndToEndTest: " + reason);
      Assumptions.abort(reason);
    }
    mongo = EmbeddedMongo.inMemory();
    workDir = Files.createTempDirectory("billing-redis-e2e");
  }

  @AfterEach
  void stop() {
    for (BillingServer server : new BillingServer[] {first, second}) {
      if (server != null) {
        server.close();
      }
    }
    if (mongo != null) {
      mongo.close();
    }
  }

  private BillingServer start(String redisUrl) {
    Map<String, String> env =
        TestServers.environment(workDir.resolve("data"), "http://127.0.0.1:9");
    env.put("MONGO_URI", mongo.connectionString());
    env.put("REDIS_URL", redisUrl);
    BillingConfigLoader.Loaded loaded = new BillingConfigLoader().load(env, workDir);
    return BillingServer.start(loaded.config(), Clock.systemUTC(), loaded.warnings());
  }

  @Test
  @DisplayName("usage is counted in Redis, stays in the store, and survives a Redis flush")
  void countsInRedisDurablyInTheStore() {
    first = start(REDIS);
    ApiClient api = new ApiClient(first.port());
    Account admin = Accounts.signUp(api);
    for (int i = 1; i <= 100; i++) {
      assertThat(run(api, admin, "run-" + i).status()).isEqualTo(201);
    }
    assertThat(run(api, admin, "run-101").status()).isEqualTo(402);
    assertThat(api.get("/health/ready", (String) null).status()).isEqualTo(200);
    assertThat(metric(api, "billing_redis_fast_path")).isEqualTo(1.0);

    try (RedisClient redis = RedisClient.create(REDIS)) {
      redis.flushDB();
    }
    assertThat(run(api, admin, "run-102").status())
        .as("the flushed counter is rehydrated from the store: still at the limit")
        .isEqualTo(402);
    assertThat(overviewUsed(api, admin)).isEqualTo(100);
    assertThat(metric(api, "billing_redis_fallback_records_total")).isZero();
  }

  @Test
  @DisplayName("with Redis unreachable the store counts, the limit holds and readiness says redis")
  void unreachableRedisFallsBackAndIsReported() throws IOException {
    first = start("redis://127.0.0.1:" + closedPort() + "/0");
    ApiClient api = new ApiClient(first.port());
    Account admin = Accounts.signUp(api);
    for (int i = 1; i <= 100; i++) {
      assertThat(run(api, admin, "run-" + i).status()).isEqualTo(201);
    }
    assertThat(run(api, admin, "run-1").status()).as("a repeated runId counts once").isEqualTo(201);
    assertThat(run(api, admin, "run-101").status()).isEqualTo(402);
    assertThat(overviewUsed(api, admin)).isEqualTo(100);

    Reply ready = api.get("/health/ready", (String) null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.body()).contains("redis").contains("down");
    assertThat(metric(api, "billing_redis_fast_path")).isZero();
    assertThat(metric(api, "billing_redis_fallback_records_total")).isGreaterThanOrEqualTo(100);
  }

  @Test
  @DisplayName("two instances share one Redis: failed logins on both count toward one throttle")
  void loginThrottleHoldsAcrossInstances() {
    first = start(REDIS);
    second = start(REDIS);
    ApiClient a = new ApiClient(first.port());
    ApiClient b = new ApiClient(second.port());
    Account admin = Accounts.signUp(a);
    for (int i = 0; i < 5; i++) {
      ApiClient api = i % 2 == 0 ? a : b;
      assertThat(logIn(api, admin.email(), "wrong password " + i).status()).isEqualTo(401);
    }
    Reply throttled = logIn(b, admin.email(), Accounts.PASSWORD);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
  }

  private static Reply run(ApiClient api, Account admin, String runId) {
    return api.post("/api/usage/test-runs", ApiClient.json(Map.of("runId", runId)), admin.token());
  }

  private static Reply logIn(ApiClient api, String email, String password) {
    return api.post(
        "/api/auth/login", ApiClient.json(Map.of("email", email, "password", password)), null);
  }

  private static long overviewUsed(ApiClient api, Account admin) {
    return api.get("/api/billing", admin.token()).json().at("/usage/testRuns/used").asLong();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The sum of the Prometheus samples named {@code name} (with or without labels). */
  private static double metric(ApiClient api, String name) {
    String body = api.get("/metrics", (String) null).body();
    Matcher m =
        Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(body);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      found = true;
      sum += Double.parseDouble(m.group(2));
    }
    assertThat(found).as("metric %s is exported", name).isTrue();
    return sum;
  }
}

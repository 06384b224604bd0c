package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification outbox survives a crash: changes are made while the host app's receiver is down,
 * the real server process is killed with SIGKILL before any notification got through, and after a
 * restart with the receiver up every notification arrives, once per id.
 */
class NotificationCrashTest {
  private static final int ORGANIZATIONS = 5;
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  @DisplayName(
      "SQLite: kill -9 between the change and the delivery: delivered after restart, once per id")
  void sqlite_killBeforeDelivery_deliversAfterRestart(@TempDir Path workDir) throws Exception {
    killBeforeDelivery(workDir, Map.of());
  }

  @Test
  @DisplayName(
      "PostgreSQL: kill -9 between the change and the delivery: delivered after restart, once per"
          + " id")
  void postgres_killBeforeDelivery_deliversAfterRestart(@TempDir Path workDir) throws Exception {
    try (PostgresSchema database = PostgresSchema.create("notify_crash")) {
      killBeforeDelivery(workDir, Map.of("DATABASE_URL", database.databaseUrl()));
    }
  }

  private static void killBeforeDelivery(Path workDir, Map<String, String> store) throws Exception {
    try (NotificationReceiver receiver = new NotificationReceiver()) {
      Map<String, String> environment =
          new HashMap<>(TestServers.environment(workDir.resolve("data"), "http://127.0.0.1:9"));
      environment.putAll(store);
      environment.put("NOTIFY_WEBHOOK_URL", receiver.url());
      environment.put("NOTIFY_WEBHOOK_SECRET", NotificationReceiver.SECRET);
      environment.put("NOTIFY_RETRY_BASE", "1s");
      environment.put("NOTIFY_MAX_ATTEMPTS", "50");
      environment.put("NOTIFY_LEASE", "5s");
      Path log = workDir.resolve("server.log");

      List<String> organizations = new ArrayList<>();
      try (ServerProcess server = ServerProcess.start(environment, List.of(), workDir, log)) {
        ApiClient api = new ApiClient(server.port());
        for (int i = 0; i < ORGANIZATIONS; i++) {
          Accounts.Account account = Accounts.signUp(api);
          organizations.add(account.organizationId());
          // 100 test runs on Free: the 50, 80, 90 and 100 % thresholds notify at once.
          ApiClient.Reply usage =
              api.post(
                  "/api/usage/test-runs",
                  ApiClient.json(Map.of("runId", "run-" + i, "quantity", 100)),
                  account.token());
          assertThat(usage.status()).isEqualTo(201);
        }
        await(() -> receiver.refusedWhileDown.get() > 0, "a delivery attempt while down");
        server.kill();
      }
      assertThat(receiver.arrivals).as("nothing got through before the crash").isEmpty();

      receiver.up(true);
      int expected = ORGANIZATIONS * 4;
      try (ServerProcess restarted = ServerProcess.start(environment, List.of(), workDir, log)) {
        await(() -> receiver.arrivals.size() >= expected, expected + " notifications");
        // Give a duplicate time to show up, if the outbox were to send one.
        Thread.sleep(2_500);
      }

      System.out.printf(
          "notification crash test (%s): %d notifications, %d refused while down, %d arrivals after"
              + " restart%n",
          store.isEmpty() ? "sqlite" : "postgresql",
          receiver.arrivals.size(),
          receiver.refusedWhileDown.get(),
          receiver.arrivals.values().stream().mapToInt(Integer::intValue).sum());
      assertThat(receiver.badSignatures).hasValue(0);
      assertThat(receiver.arrivals).hasSize(expected);
      assertThat(receiver.arrivals.values()).as("arrivals per id").containsOnly(1);
      for (String organization : organizations) {
        List<String> types = new ArrayList<>();
        for (String body : receiver.processed.values()) {
          JsonNode n = ApiClient.JSON.readTree(body);
          if (n.path("organizationId").asText().equals(organization)) {
            types.add(n.path("type").asText() + "@" + n.path("data").path("threshold").asInt());
            assertThat(n.path("id").asText()).contains(organization);
          }
        }
        assertThat(types)
            .containsExactlyInAnyOrder(
                "usage.threshold_crossed@50",
                "usage.threshold_crossed@80",
                "usage.threshold_crossed@90",
                "usage.limit_reached@100");
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}

package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged means durable: SIGKILL mid-burst loses no write the server answered 2xx. */
class CrashDurabilityTest {

  @Test
  @DisplayName("SQLite (the default): after kill -9 mid-burst, every acknowledged write is there")
  void sqlite_killMidBurst_losesNothingAcknowledged(@TempDir Path workDir)
      throws InterruptedException {
    Map<String, String> environment =
        new HashMap<>(TestServers.environment(workDir.resolve("data"), "http://127.0.0.1:9"));
    // Hundreds of sign-ups from one address: the per-address sign-up limit is off here.
    environment.put("SIGNUP_MAX_PER_ADDRESS", "0");

    CrashDurability.Result result =
        CrashDurability.run(environment, workDir, 600, Duration.ofSeconds(20));

    assertNothingLost("sqlite", result);
  }

  @Test
  @DisplayName("PostgreSQL: after kill -9 mid-burst, every acknowledged write is there")
  void postgres_killMidBurst_losesNothingAcknowledged(@TempDir Path workDir)
      throws InterruptedException {
    try (PostgresSchema database = PostgresSchema.create("crash")) {
      Map<String, String> environment =
          new HashMap<>(TestServers.environment(workDir.resolve("data"), "http://127.0.0.1:9"));
      // Hundreds of sign-ups from one address: the per-address sign-up limit is off here.
      environment.put("SIGNUP_MAX_PER_ADDRESS", "0");
      environment.put("DATABASE_URL", database.databaseUrl());

      CrashDurability.Result result =
          CrashDurability.run(environment, workDir, 600, Duration.ofSeconds(20));

      assertNothingLost("postgresql", result);
    }
  }

  private static void assertNothingLost(String store, CrashDurability.Result result) {
    System.out.printf(
        "crash test (%s): %d sign-ups, %d usage records, %d webhooks acknowledged"
            + " before SIGKILL; %d lost%n",
        store, result.signUps(), result.usageRecords(), result.webhooks(), result.lost().size());
    assertThat(result.signUps()).isPositive();
    assertThat(result.usageRecords()).isPositive();
    assertThat(result.webhooks()).isPositive();
    assertThat(result.lost().size())
        .as(
            "acknowledged writes missing after the restart (of %d), first ones: %s",
            result.acknowledged(), result.lost().stream().limit(10).toList())
        .isZero();
  }
}

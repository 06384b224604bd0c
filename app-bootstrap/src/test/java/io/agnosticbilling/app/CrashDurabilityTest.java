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
  @DisplayName("embedded store: after kill -9 mid-burst, every acknowledged write is still there")
  void embeddedStore_killMidBurst_losesNothingAcknowledged(@TempDir Path workDir)
      throws InterruptedException {
    Map<String, String> environment =
        new HashMap<>(TestServers.environment(workDir.resolve("data"), "http://127.0.0.1:9"));

    CrashDurability.Result result =
        CrashDurability.run(environment, workDir, 600, Duration.ofSeconds(20));

    System.out.printf(
        "crash test (embedded store): %d sign-ups, %d usage records, %d webhooks acknowledged"
            + " before SIGKILL; %d lost%n",
        result.signUps(), result.usageRecords(), result.webhooks(), result.lost().size());
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

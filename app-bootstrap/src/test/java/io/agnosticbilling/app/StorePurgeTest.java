package io.agnosticbilling.app;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.sql.SqlPurge;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's hourly purge reaches the SQL store with the retention the Mongo store keeps. */
class StorePurgeTest {
  @TempDir Path workDir;

  @Test
  @DisplayName("on SQLite, usage of a period ended over a day ago is purged, the current kept")
  void sqlitePurgesEndedPeriods() {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");
    BillingConfig config =
        new BillingConfigLoader()
            .load(Map.of("BILLING_DATA_DIR", workDir.resolve("data").toString()), workDir)
            .config();
    try (StoreConnection store = StoreConnection.open(config, Clock.systemUTC())) {
      store.migrations().up();
      UsageRequest ended =
          aUsageRequest()
              .idempotencyKey("run-1")
              .period(now.minus(Duration.ofDays(32)), now.minus(Duration.ofDays(2)))
              .build();
      UsageRequest current =
          aUsageRequest()
              .organization("org_current")
              .idempotencyKey("run-1")
              .period(now.minus(Duration.ofDays(28)), now.plus(Duration.ofDays(2)))
              .build();
      store.ports().usageCounters().record(ended);
      store.ports().usageCounters().record(current);

      SqlPurge.Purged purged = store.purgeExpired(now).orElseThrow();

      assertThat(purged).isEqualTo(new SqlPurge.Purged(0, 1, 1, 0));
      assertThat(store.ports().usageCounters().used(ended.key())).isZero();
      assertThat(store.ports().usageCounters().used(current.key())).isEqualTo(1);
    }
  }
}

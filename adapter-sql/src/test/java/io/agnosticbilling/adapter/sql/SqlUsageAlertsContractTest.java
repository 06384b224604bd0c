package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.testkit.contract.UsageAlertsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link UsageAlerts} contract against SqlUsageAlerts: on SQLite (every client through the one
 * writer), on PostgreSQL with one pool, and with two pools racing as two server instances.
 */
class SqlUsageAlertsContractTest {

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends UsageAlertsContract {
    private Fixture fixture;

    @Override
    protected UsageAlerts newAlerts() {
      fixture = Fixture.sqlite();
      return fixture.first().usageAlerts();
    }

    @Override
    protected UsageAlerts secondClientOnSameStore() {
      return fixture.second().usageAlerts();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, one pool")
  class PostgresOnePool extends UsageAlertsContract {
    private Fixture fixture;

    @Override
    protected UsageAlerts newAlerts() {
      fixture = Fixture.postgres();
      return fixture.first().usageAlerts();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Nested
  @DisplayName("PostgreSQL, two pools racing (two instances)")
  class PostgresTwoPools extends UsageAlertsContract {
    private Fixture fixture;

    @Override
    protected UsageAlerts newAlerts() {
      fixture = Fixture.postgres();
      return fixture.first().usageAlerts();
    }

    @Override
    protected UsageAlerts secondClientOnSameStore() {
      return fixture.second().usageAlerts();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

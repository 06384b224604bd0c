package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.testkit.contract.UsageCountersContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link UsageCounters} contract against SqlUsageCounters: on SQLite (every client through the
 * one writer), on PostgreSQL with one pool, and with two pools racing as two server instances.
 */
class SqlUsageCountersContractTest {

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends UsageCountersContract {
    private Fixture fixture;

    @Override
    protected UsageCounters newCounters() {
      fixture = Fixture.sqlite();
      return fixture.first().usageCounters();
    }

    @Override
    protected UsageCounters secondClientOnSameStore() {
      return fixture.second().usageCounters();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, one pool")
  class PostgresOnePool extends UsageCountersContract {
    private Fixture fixture;

    @Override
    protected UsageCounters newCounters() {
      fixture = Fixture.postgres();
      return fixture.first().usageCounters();
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
  class PostgresTwoPools extends UsageCountersContract {
    private Fixture fixture;

    @Override
    protected UsageCounters newCounters() {
      fixture = Fixture.postgres();
      return fixture.first().usageCounters();
    }

    @Override
    protected UsageCounters secondClientOnSameStore() {
      return fixture.second().usageCounters();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

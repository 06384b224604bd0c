package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.testkit.contract.CheckoutSessionsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link CheckoutSessions} contract against SqlCheckoutSessions: on SQLite (every client
 * through the one writer), on PostgreSQL with one pool, and with two pools racing as two server
 * instances.
 */
class SqlCheckoutSessionsContractTest {

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends CheckoutSessionsContract {
    private Fixture fixture;

    @Override
    protected CheckoutSessions newSessions() {
      fixture = Fixture.sqlite();
      return fixture.first().checkoutSessions();
    }

    @Override
    protected CheckoutSessions secondClientOnSameStore() {
      return fixture.second().checkoutSessions();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, one pool")
  class PostgresOnePool extends CheckoutSessionsContract {
    private Fixture fixture;

    @Override
    protected CheckoutSessions newSessions() {
      fixture = Fixture.postgres();
      return fixture.first().checkoutSessions();
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
  class PostgresTwoPools extends CheckoutSessionsContract {
    private Fixture fixture;

    @Override
    protected CheckoutSessions newSessions() {
      fixture = Fixture.postgres();
      return fixture.first().checkoutSessions();
    }

    @Override
    protected CheckoutSessions secondClientOnSameStore() {
      return fixture.second().checkoutSessions();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

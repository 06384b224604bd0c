package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.agnosticbilling.testkit.contract.OutboxContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The outbox contract against SqlNotificationOutbox with SqlOrganizations and SqlUsageAlerts of the
 * same store: on SQLite (one writer), and on PostgreSQL with two pools racing as two server
 * instances (claims by {@code FOR UPDATE SKIP LOCKED} and a conditional update).
 */
class SqlOutboxContractTest {

  private static OutboxContract.Store storeOf(SqlBillingStore store) {
    return new OutboxContract.Store(
        store.notificationOutbox(), store.organizations(), store.usageAlerts());
  }

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends OutboxContract {
    private Fixture fixture;

    @Override
    protected Store newStore() {
      fixture = Fixture.sqlite();
      return storeOf(fixture.first());
    }

    @Override
    protected NotificationOutbox secondClientOnSameStore() {
      return fixture.second().notificationOutbox();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, two pools racing (two instances)")
  class PostgresTwoPools extends OutboxContract {
    private Fixture fixture;

    @Override
    protected Store newStore() {
      fixture = Fixture.postgres();
      return storeOf(fixture.first());
    }

    @Override
    protected NotificationOutbox secondClientOnSameStore() {
      return fixture.second().notificationOutbox();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

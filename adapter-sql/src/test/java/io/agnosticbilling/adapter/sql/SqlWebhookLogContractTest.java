package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.testkit.contract.WebhookLogContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link WebhookLog} contract against SqlWebhookLog: on SQLite (every client through the one
 * writer), on PostgreSQL with one pool, and with two pools racing as two server instances.
 */
class SqlWebhookLogContractTest {

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends WebhookLogContract {
    private Fixture fixture;

    @Override
    protected WebhookLog newLog() {
      fixture = Fixture.sqlite();
      return fixture.first().webhookLog();
    }

    @Override
    protected WebhookLog secondClientOnSameStore() {
      return fixture.second().webhookLog();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, one pool")
  class PostgresOnePool extends WebhookLogContract {
    private Fixture fixture;

    @Override
    protected WebhookLog newLog() {
      fixture = Fixture.postgres();
      return fixture.first().webhookLog();
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
  class PostgresTwoPools extends WebhookLogContract {
    private Fixture fixture;

    @Override
    protected WebhookLog newLog() {
      fixture = Fixture.postgres();
      return fixture.first().webhookLog();
    }

    @Override
    protected WebhookLog secondClientOnSameStore() {
      return fixture.second().webhookLog();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

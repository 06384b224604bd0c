package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.testkit.contract.WebhookLogContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The {@link WebhookLog} contract against MongoWebhookLog, with one client and with two racing. */
class MongoWebhookLogContractTest {

  @Nested
  @DisplayName("one MongoClient")
  class OneClient extends WebhookLogContract {
    private TestDatabase db;

    @Override
    protected WebhookLog newLog() {
      db = TestDatabase.fresh();
      return db.store().webhookLog();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends WebhookLogContract {
    private TestDatabase db;

    @Override
    protected WebhookLog newLog() {
      db = TestDatabase.fresh();
      return db.store().webhookLog();
    }

    @Override
    protected WebhookLog secondClientOnSameStore() {
      return db.secondStore().webhookLog();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }
}

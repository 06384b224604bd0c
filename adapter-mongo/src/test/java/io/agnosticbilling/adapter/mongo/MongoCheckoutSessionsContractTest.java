package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.testkit.contract.CheckoutSessionsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link CheckoutSessions} contract against MongoCheckoutSessions, with one client and with two
 * racing.
 */
class MongoCheckoutSessionsContractTest {

  @Nested
  @DisplayName("one MongoClient")
  class OneClient extends CheckoutSessionsContract {
    private TestDatabase db;

    @Override
    protected CheckoutSessions newSessions() {
      db = TestDatabase.fresh();
      return db.store().checkoutSessions();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends CheckoutSessionsContract {
    private TestDatabase db;

    @Override
    protected CheckoutSessions newSessions() {
      db = TestDatabase.fresh();
      return db.store().checkoutSessions();
    }

    @Override
    protected CheckoutSessions secondClientOnSameStore() {
      return db.secondStore().checkoutSessions();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }
}

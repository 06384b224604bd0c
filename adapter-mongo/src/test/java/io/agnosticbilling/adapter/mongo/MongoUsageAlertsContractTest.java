package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.testkit.contract.UsageAlertsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link UsageAlerts} contract against MongoUsageAlerts, with one client and with two racing.
 */
class MongoUsageAlertsContractTest {

  @Nested
  @DisplayName("one MongoClient")
  class OneClient extends UsageAlertsContract {
    private TestDatabase db;

    @Override
    protected UsageAlerts newAlerts() {
      db = TestDatabase.fresh();
      return db.store().usageAlerts();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends UsageAlertsContract {
    private TestDatabase db;

    @Override
    protected UsageAlerts newAlerts() {
      db = TestDatabase.fresh();
      return db.store().usageAlerts();
    }

    @Override
    protected UsageAlerts secondClientOnSameStore() {
      return db.secondStore().usageAlerts();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }
}

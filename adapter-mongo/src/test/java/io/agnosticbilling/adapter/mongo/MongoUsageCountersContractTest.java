package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.testkit.contract.UsageCountersContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link UsageCounters} contract against MongoUsageCounters, with one client and with two
 * racing.
 */
class MongoUsageCountersContractTest {

  @Nested
  @DisplayName("one MongoClient")
  class OneClient extends UsageCountersContract {
    private TestDatabase db;

    @Override
    protected UsageCounters newCounters() {
      db = TestDatabase.fresh();
      return db.store().usageCounters();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends UsageCountersContract {
    private TestDatabase db;

    @Override
    protected UsageCounters newCounters() {
      db = TestDatabase.fresh();
      return db.store().usageCounters();
    }

    @Override
    protected UsageCounters secondClientOnSameStore() {
      return db.secondStore().usageCounters();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }
}

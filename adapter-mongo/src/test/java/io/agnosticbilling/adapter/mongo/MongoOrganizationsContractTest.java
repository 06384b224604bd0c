package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.testkit.contract.OrganizationsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Organizations} contract against MongoOrganizations, with one client and with two
 * racing.
 */
class MongoOrganizationsContractTest {

  @Nested
  @DisplayName("one MongoClient")
  class OneClient extends OrganizationsContract {
    private TestDatabase db;

    @Override
    protected Organizations newOrganizations() {
      db = TestDatabase.fresh();
      return db.store().organizations();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends OrganizationsContract {
    private TestDatabase db;

    @Override
    protected Organizations newOrganizations() {
      db = TestDatabase.fresh();
      return db.store().organizations();
    }

    @Override
    protected Organizations secondClientOnSameStore() {
      return db.secondStore().organizations();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }
}

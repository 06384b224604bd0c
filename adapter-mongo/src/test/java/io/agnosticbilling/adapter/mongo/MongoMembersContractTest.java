package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.testkit.contract.MembersContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The {@link Members} contract against MongoMembers, with one client and with two racing. */
class MongoMembersContractTest {

  @Nested
  @DisplayName("one MongoClient")
  class OneClient extends MembersContract {
    private TestDatabase db;

    @Override
    protected Members newMembers() {
      db = TestDatabase.fresh();
      return db.store().members();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends MembersContract {
    private TestDatabase db;

    @Override
    protected Members newMembers() {
      db = TestDatabase.fresh();
      return db.store().members();
    }

    @Override
    protected Members secondClientOnSameStore() {
      return db.secondStore().members();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }
}

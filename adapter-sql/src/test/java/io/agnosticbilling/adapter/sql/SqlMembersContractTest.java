package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.testkit.contract.MembersContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Members} contract against SqlMembers: on SQLite (every client through the one writer),
 * on PostgreSQL with one pool, and with two pools racing as two server instances.
 */
class SqlMembersContractTest {

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends MembersContract {
    private Fixture fixture;

    @Override
    protected Members newMembers() {
      fixture = Fixture.sqlite();
      return fixture.first().members();
    }

    @Override
    protected Members secondClientOnSameStore() {
      return fixture.second().members();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, one pool")
  class PostgresOnePool extends MembersContract {
    private Fixture fixture;

    @Override
    protected Members newMembers() {
      fixture = Fixture.postgres();
      return fixture.first().members();
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
  class PostgresTwoPools extends MembersContract {
    private Fixture fixture;

    @Override
    protected Members newMembers() {
      fixture = Fixture.postgres();
      return fixture.first().members();
    }

    @Override
    protected Members secondClientOnSameStore() {
      return fixture.second().members();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

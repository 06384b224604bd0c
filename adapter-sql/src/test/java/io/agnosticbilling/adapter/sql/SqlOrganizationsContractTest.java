package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.testkit.contract.OrganizationsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link Organizations} contract against SqlOrganizations: on SQLite (every client through the
 * one writer), on PostgreSQL with one pool, and with two pools racing as two server instances.
 */
class SqlOrganizationsContractTest {

  @Nested
  @DisplayName("SQLite, one writer")
  class Sqlite extends OrganizationsContract {
    private Fixture fixture;

    @Override
    protected Organizations newOrganizations() {
      fixture = Fixture.sqlite();
      return fixture.first().organizations();
    }

    @Override
    protected Organizations secondClientOnSameStore() {
      return fixture.second().organizations();
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, one pool")
  class PostgresOnePool extends OrganizationsContract {
    private Fixture fixture;

    @Override
    protected Organizations newOrganizations() {
      fixture = Fixture.postgres();
      return fixture.first().organizations();
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
  class PostgresTwoPools extends OrganizationsContract {
    private Fixture fixture;

    @Override
    protected Organizations newOrganizations() {
      fixture = Fixture.postgres();
      return fixture.first().organizations();
    }

    @Override
    protected Organizations secondClientOnSameStore() {
      return fixture.second().organizations();
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

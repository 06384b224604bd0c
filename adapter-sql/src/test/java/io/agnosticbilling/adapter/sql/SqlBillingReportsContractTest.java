package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.testkit.contract.BillingReportsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The {@link BillingReports} contract against SqlReports, on SQLite and on PostgreSQL, the data
 * seeded through the same store's write ports.
 */
class SqlBillingReportsContractTest {

  private static BillingReportsContract.Store storeOf(SqlBillingStore store) {
    return new BillingReportsContract.Store(
        store.organizations(), store.webhookLog(), store.checkoutSessions(), store.reports());
  }

  @Nested
  @DisplayName("SQLite")
  class Sqlite extends BillingReportsContract {
    private Fixture fixture;

    @Override
    protected Store newStore() {
      fixture = Fixture.sqlite();
      return storeOf(fixture.first());
    }

    @AfterEach
    void close() {
      fixture.close();
    }
  }

  @Nested
  @DisplayName("PostgreSQL, reports through a second pool")
  class Postgres extends BillingReportsContract {
    private Fixture fixture;

    @Override
    protected Store newStore() {
      fixture = Fixture.postgres();
      SqlBillingStore writes = fixture.first();
      return new Store(
          writes.organizations(),
          writes.webhookLog(),
          writes.checkoutSessions(),
          fixture.second().reports());
    }

    @AfterEach
    void close() {
      if (fixture != null) {
        fixture.close();
      }
    }
  }
}

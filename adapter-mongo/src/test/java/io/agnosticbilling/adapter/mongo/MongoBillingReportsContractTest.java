package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.testkit.contract.BillingReportsContract;
import org.junit.jupiter.api.AfterEach;

/** The {@link BillingReports} contract against MongoBillingReports, over the Mongo write ports. */
class MongoBillingReportsContractTest extends BillingReportsContract {
  private TestDatabase db;

  @Override
  protected Store newStore() {
    db = TestDatabase.fresh();
    MongoBillingStore store = db.store();
    return new Store(
        store.organizations(), store.webhookLog(), store.checkoutSessions(), store.reports());
  }

  @AfterEach
  void drop() {
    db.close();
  }
}

package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.testkit.contract.BillingReportsContract;

class InMemoryBillingReportsTest extends BillingReportsContract {
  @Override
  protected Store newStore() {
    InMemoryOrganizations organizations = new InMemoryOrganizations();
    InMemoryWebhookLog log = new InMemoryWebhookLog();
    InMemoryCheckoutSessions sessions = new InMemoryCheckoutSessions();
    return new Store(
        organizations, log, sessions, new InMemoryBillingReports(organizations, log, sessions));
  }
}

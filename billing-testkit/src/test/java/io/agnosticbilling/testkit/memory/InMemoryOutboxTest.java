package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.testkit.contract.OutboxContract;

class InMemoryOutboxTest extends OutboxContract {
  @Override
  protected Store newStore() {
    InMemoryNotificationOutbox outbox = new InMemoryNotificationOutbox();
    return new Store(outbox, new InMemoryOrganizations(outbox), new InMemoryUsageAlerts(outbox));
  }
}

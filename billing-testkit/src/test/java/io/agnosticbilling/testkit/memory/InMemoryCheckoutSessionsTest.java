package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.testkit.contract.CheckoutSessionsContract;

class InMemoryCheckoutSessionsTest extends CheckoutSessionsContract {
  @Override
  protected CheckoutSessions newSessions() {
    return new InMemoryCheckoutSessions();
  }
}

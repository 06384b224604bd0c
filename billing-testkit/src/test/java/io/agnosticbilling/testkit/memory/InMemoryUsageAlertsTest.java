package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.testkit.contract.UsageAlertsContract;

class InMemoryUsageAlertsTest extends UsageAlertsContract {
  @Override
  protected UsageAlerts newAlerts() {
    return new InMemoryUsageAlerts();
  }
}

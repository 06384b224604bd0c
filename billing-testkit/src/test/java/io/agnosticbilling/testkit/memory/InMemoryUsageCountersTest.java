package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.testkit.contract.UsageCountersContract;

class InMemoryUsageCountersTest extends UsageCountersContract {
  @Override
  protected UsageCounters newCounters() {
    return new InMemoryUsageCounters();
  }
}

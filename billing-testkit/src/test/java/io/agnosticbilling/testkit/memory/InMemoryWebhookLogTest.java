package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.testkit.contract.WebhookLogContract;

class InMemoryWebhookLogTest extends WebhookLogContract {
  @Override
  protected WebhookLog newLog() {
    return new InMemoryWebhookLog();
  }
}

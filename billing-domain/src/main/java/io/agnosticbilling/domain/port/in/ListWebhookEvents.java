package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.util.List;
import java.util.Optional;

/** Use case: webhook log entries for operators, newest first. */
public interface ListWebhookEvents {

  List<WebhookLogEntry> webhookEvents(Optional<WebhookStatus> status, int offset, int limit);
}

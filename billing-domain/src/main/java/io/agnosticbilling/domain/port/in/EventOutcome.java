package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.util.Optional;

/**
 * Value object: what handling an event did: its final log status, whether it was a duplicate of a
 * finished event (no effect), and a short detail.
 */
public record EventOutcome(
    String eventId, WebhookStatus status, boolean duplicate, Optional<String> detail) {}

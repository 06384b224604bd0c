package io.agnosticbilling.domain.webhook;

import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Entity: one provider event in the webhook log, with its raw payload so an operator can replay it.
 * {@code attempts} counts claims and doubles as the claim token.
 */
public record WebhookLogEntry(
    String eventId,
    String type,
    WebhookStatus status,
    int attempts,
    Optional<String> error,
    Optional<String> detail,
    Optional<OrganizationId> organizationId,
    Instant eventCreated,
    boolean livemode,
    String payload,
    Instant receivedAt,
    Instant claimedAt,
    Instant updatedAt) {
  public WebhookLogEntry {
    Objects.requireNonNull(eventId, "'eventId' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(error, "'error' must not be null");
    Objects.requireNonNull(detail, "'detail' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(eventCreated, "'eventCreated' must not be null");
    Objects.requireNonNull(payload, "'payload' must not be null");
    Objects.requireNonNull(receivedAt, "'receivedAt' must not be null");
    Objects.requireNonNull(claimedAt, "'claimedAt' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    if (attempts < 1) {
      throw new IllegalArgumentException("'attempts' must be at least 1");
    }
  }
}

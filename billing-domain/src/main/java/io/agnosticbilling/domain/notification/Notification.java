package io.agnosticbilling.domain.notification;

import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * Value object: something a host app or a human must hear about, written to the outbox with the
 * change that caused it.
 *
 * @param id stable, derived from the cause (an event id, or organization, metric, period and
 *     threshold), so a receiver that sees it twice can drop the second
 */
public record Notification(
    String id,
    NotificationType type,
    OrganizationId organizationId,
    Instant createdAt,
    NotificationData data) {
  /** The longest id the stores keep. */
  public static final int MAX_ID_LENGTH = 200;

  public Notification {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(type, "'type' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    Objects.requireNonNull(data, "'data' must not be null");
    if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "'id' must be 1 to " + MAX_ID_LENGTH + " characters, was '" + id + "'");
    }
  }
}

package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.time.Instant;
import java.util.List;

/** Outbound port: usage alerts, unique per organization, metric, period start and threshold. */
public interface UsageAlerts {

  /**
   * Records the alert unless one with the same organization, metric, period start and threshold
   * exists; returns true only for the caller that recorded it (exactly one under concurrency).
   */
  boolean recordOnce(UsageAlert alert);

  /**
   * Like {@link #recordOnce(UsageAlert)}, and when it records the alert, adds {@code notifications}
   * to the store's {@link NotificationOutbox} in the same atomic write. A store without an outbox
   * keeps this default, which refuses notifications.
   */
  default boolean recordOnce(UsageAlert alert, List<Notification> notifications) {
    if (!notifications.isEmpty()) {
      throw new UnsupportedOperationException(
          getClass().getSimpleName() + " keeps no notification outbox");
    }
    return recordOnce(alert);
  }

  /**
   * The alerts of the organization for the period starting at {@code periodStart}, oldest first.
   */
  List<UsageAlert> list(OrganizationId organizationId, Instant periodStart);
}

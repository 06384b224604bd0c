package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Use case (operators): list the notification outbox, count it, and retry a failed delivery. */
public interface ListNotifications {

  /** Newest first, optionally of one status; empty when notifications are off. */
  List<OutboxEntry> notifications(Optional<OutboxStatus> status, int offset, int limit);

  /** How many notifications are in each status (zeros when notifications are off). */
  Map<OutboxStatus, Long> notificationCounts();

  /**
   * Makes a failed notification pending again, due now, with its attempts reset.
   *
   * @throws io.agnosticbilling.domain.error.NotFoundException {@code notification_not_found}
   * @throws io.agnosticbilling.domain.error.ConflictException {@code notification_not_failed}
   */
  OutboxEntry retryNotification(String id);
}

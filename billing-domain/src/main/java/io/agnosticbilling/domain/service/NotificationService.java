package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.port.in.ListNotifications;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Use cases: the operators' view of the notification outbox, and their retry of a failure. */
public final class NotificationService implements ListNotifications {
  private static final int MAX_PAGE = 200;

  private final Optional<NotificationOutbox> outbox;
  private final Clock clock;

  public NotificationService(Optional<NotificationOutbox> outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public List<OutboxEntry> notifications(Optional<OutboxStatus> status, int offset, int limit) {
    if (offset < 0) {
      throw new InvalidInputException("offset", "'offset' must not be negative");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit", "'limit' must be between 1 and " + MAX_PAGE);
    }
    return outbox.map(o -> o.list(status, offset, limit)).orElse(List.of());
  }

  @Override
  public Map<OutboxStatus, Long> notificationCounts() {
    if (outbox.isPresent()) {
      return outbox.get().counts();
    }
    Map<OutboxStatus, Long> zeros = new EnumMap<>(OutboxStatus.class);
    for (OutboxStatus s : OutboxStatus.values()) {
      zeros.put(s, 0L);
    }
    return zeros;
  }

  @Override
  public OutboxEntry retryNotification(String id) {
    NotFoundException unknown =
        new NotFoundException("notification_not_found", "No notification " + id + ".");
    NotificationOutbox store = outbox.orElseThrow(() -> unknown);
    OutboxEntry entry = store.find(id).orElseThrow(() -> unknown);
    if (!store.requeue(id, clock.instant())) {
      throw new ConflictException(
          "notification_not_failed",
          "Notification "
              + id
              + " is "
              + store.find(id).orElse(entry).status().wireName()
              + "; only failed notifications are retried.");
    }
    return store.find(id).orElseThrow(() -> unknown);
  }
}

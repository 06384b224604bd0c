package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.notification.Notification;

/**
 * Outbound port: a way to deliver notifications (a signed HTTP webhook, email, a library user's
 * own). Delivery is at least once: a channel may see the same notification again after a crash or a
 * failure, and its receivers dedupe by {@link Notification#id()}.
 */
public interface NotificationChannel {

  /** A short stable name (kept with the notification once this channel took it). */
  String name();

  /**
   * Delivers the notification or throws; a throw is retried later with backoff.
   *
   * @throws RuntimeException when delivery failed, with a message for operators
   */
  void deliver(Notification notification);
}

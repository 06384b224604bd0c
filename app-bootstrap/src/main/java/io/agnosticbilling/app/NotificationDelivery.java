package io.agnosticbilling.app;

import io.agnosticbilling.adapter.notify.EmailNotificationChannel;
import io.agnosticbilling.adapter.notify.WebhookNotificationChannel;
import io.agnosticbilling.domain.notification.NotificationDispatcher;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.port.in.ListNotifications;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.NotificationChannel;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of notifications: the configured channels, the dispatcher that delivers the
 * outbox through them (started with the server, stopped before the store closes), its log lines and
 * its metrics. Without a channel there is no dispatcher: notifications are only listed.
 */
final class NotificationDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.agnosticbilling.notifications");
  private static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(10);

  private final Optional<NotificationDispatcher> dispatcher;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  NotificationDelivery(
      NotifyConfig config, NotificationOutbox outbox, Members members, Clock clock) {
    List<NotificationChannel> channels = new ArrayList<>();
    if (config.webhook()) {
      channels.add(
          new WebhookNotificationChannel(
              config.webhookUrl().get(), config.webhookSecret().get(), CHANNEL_TIMEOUT, clock));
    }
    if (config.email()) {
      channels.add(
          new EmailNotificationChannel(
              config.smtp().get(), config.mailFrom().get(), members, CHANNEL_TIMEOUT));
    }
    this.dispatcher =
        channels.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new NotificationDispatcher(
                    outbox, channels, config.dispatcherSettings(), clock, new Logged()));
  }

  /** Starts delivering in the background, when a channel is configured. */
  void start() {
    dispatcher.ifPresent(NotificationDispatcher::start);
  }

  /**
   * Counters of delivery outcomes and a gauge per outbox status ({@code billing_notifications}).
   */
  void bindTo(MeterRegistry registry, ListNotifications notifications) {
    for (OutboxStatus status : OutboxStatus.values()) {
      Gauge.builder(
              "billing.notifications",
              notifications,
              n -> n.notificationCounts().getOrDefault(status, 0L))
          .tag("status", status.wireName())
          .description("notifications in the outbox by status; failed ones wait for an operator")
          .register(registry);
    }
    FunctionCounter.builder("billing.notification.deliveries", delivered, AtomicLong::get)
        .tag("outcome", "delivered")
        .description("notification deliveries by outcome")
        .register(registry);
    FunctionCounter.builder("billing.notification.deliveries", retried, AtomicLong::get)
        .tag("outcome", "retry")
        .register(registry);
    FunctionCounter.builder("billing.notification.deliveries", failed, AtomicLong::get)
        .tag("outcome", "failed")
        .register(registry);
  }

  @Override
  public void close() {
    dispatcher.ifPresent(NotificationDispatcher::close);
  }

  /** Log lines and counts of what the dispatcher did. */
  private final class Logged implements NotificationDispatcher.Listener {
    @Override
    public void delivered(OutboxEntry entry) {
      delivered.incrementAndGet();
      LOG.info(
          "notification {} ({}) delivered after {} attempt(s)",
          entry.id(),
          entry.notification().type().wireName(),
          entry.attempts());
    }

    @Override
    public void retrying(OutboxEntry entry, String error, Instant nextAttemptAt) {
      retried.incrementAndGet();
      LOG.warn(
          "notification {} attempt {} failed ({}); next attempt at {}",
          entry.id(),
          entry.attempts(),
          error,
          nextAttemptAt);
    }

    @Override
    public void failed(OutboxEntry entry, String error) {
      failed.incrementAndGet();
      LOG.error(
          "notification {} FAILED after {} attempts ({}); retry it with POST"
              + " /api/admin/notifications/{}/retry",
          entry.id(),
          entry.attempts(),
          error,
          entry.id());
    }

    @Override
    public void storeFailed(RuntimeException error) {
      LOG.warn("notification outbox could not be read: {}", error.getMessage());
    }
  }
}

package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound port: the notification outbox of a store. Notifications get in with the change that
 * caused them ({@link Organizations#save(io.agnosticbilling.domain.organization.Organization,
 * List)}, {@link UsageAlerts#recordOnce(io.agnosticbilling.domain.usage.UsageAlert, List)}), or
 * through {@link #enqueue}; dispatchers claim them under a lease, one dispatcher per notification
 * at a time, and report how delivery went with the claim's token.
 */
public interface NotificationOutbox {

  /** Adds each notification as pending unless one with its id is stored already. */
  void enqueue(List<Notification> notifications);

  /**
   * Claims up to {@code max} pending notifications due at {@code now} (oldest due first): each gets
   * a fresh token, one more attempt, and is hidden from other claims until {@code now + lease}.
   * Concurrent claims (threads, processes) never return the same notification while its lease runs.
   */
  List<Claimed> claim(Instant now, Duration lease, int max);

  /** Marks it delivered; false when the claim was lost (the lease ran out and another took it). */
  boolean delivered(String id, String token, Instant at);

  /**
   * Gives the claimed notification back, due again at {@code nextAttemptAt}; false when the claim
   * was lost.
   */
  boolean retryLater(
      String id, String token, String error, Set<String> channelsDone, Instant nextAttemptAt);

  /** Gives up on the claimed notification: {@code failed}; false when the claim was lost. */
  boolean failed(String id, String token, String error, Set<String> channelsDone, Instant at);

  /**
   * An operator's retry: a {@code failed} notification becomes pending, due at {@code now}, with
   * its attempts reset (channels that took it already are still skipped); false when it is not
   * failed.
   */
  boolean requeue(String id, Instant now);

  Optional<OutboxEntry> find(String id);

  /** Newest first, optionally of one status. */
  List<OutboxEntry> list(Optional<OutboxStatus> status, int offset, int limit);

  /** How many notifications are in each status (every status present, zero when none). */
  Map<OutboxStatus, Long> counts();

  /** A claimed notification and the token that proves the claim. */
  record Claimed(OutboxEntry entry, String token) {}
}

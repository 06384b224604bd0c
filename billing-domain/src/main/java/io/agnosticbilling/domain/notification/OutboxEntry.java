package io.agnosticbilling.domain.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Entity: one notification in the outbox and its delivery so far.
 *
 * @param attempts deliveries started (a claim counts one, so a dispatcher that died mid-delivery
 *     used an attempt)
 * @param nextAttemptAt when a pending notification may be claimed (again): after its backoff, or
 *     when the lease of the dispatcher that claimed it runs out
 * @param channelsDone channels that took it already; a retry skips them
 */
public record OutboxEntry(
    Notification notification,
    OutboxStatus status,
    int attempts,
    Instant nextAttemptAt,
    Set<String> channelsDone,
    Optional<String> lastError,
    Instant updatedAt,
    Optional<Instant> deliveredAt) {
  public OutboxEntry {
    Objects.requireNonNull(notification, "'notification' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' must not be null");
    channelsDone = Set.copyOf(channelsDone);
    Objects.requireNonNull(lastError, "'lastError' must not be null");
    Objects.requireNonNull(updatedAt, "'updatedAt' must not be null");
    Objects.requireNonNull(deliveredAt, "'deliveredAt' must not be null");
    if (attempts < 0) {
      throw new IllegalArgumentException("'attempts' must not be negative");
    }
  }

  /** A new pending entry, due at once. */
  public static OutboxEntry pending(Notification notification) {
    return new OutboxEntry(
        notification,
        OutboxStatus.PENDING,
        0,
        notification.createdAt(),
        Set.of(),
        Optional.empty(),
        notification.createdAt(),
        Optional.empty());
  }

  public String id() {
    return notification.id();
  }

  /** Claimed at {@code now}: one more attempt, hidden until {@code now + lease}. */
  public OutboxEntry claimed(Instant now, Duration lease) {
    return new OutboxEntry(
        notification,
        OutboxStatus.PENDING,
        attempts + 1,
        now.plus(lease),
        channelsDone,
        lastError,
        now,
        Optional.empty());
  }

  /** Delivered to every channel at {@code at}. */
  public OutboxEntry delivered(Instant at) {
    return new OutboxEntry(
        notification,
        OutboxStatus.DELIVERED,
        attempts,
        nextAttemptAt,
        channelsDone,
        lastError,
        at,
        Optional.of(at));
  }

  /**
   * Given back after a failed attempt: {@code pending} again at {@code at}, or {@code failed} (then
   * {@code at} is when it was given up).
   */
  public OutboxEntry released(OutboxStatus status, String error, Set<String> done, Instant at) {
    return new OutboxEntry(
        notification, status, attempts, at, done, Optional.of(error), at, Optional.empty());
  }

  /** An operator's retry: pending at {@code now}, attempts reset. */
  public OutboxEntry requeued(Instant now) {
    return new OutboxEntry(
        notification, OutboxStatus.PENDING, 0, now, channelsDone, lastError, now, Optional.empty());
  }
}

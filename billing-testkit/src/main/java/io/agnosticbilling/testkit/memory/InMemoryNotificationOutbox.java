package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Adapter: the notification outbox in memory; every method holds one lock. */
public final class InMemoryNotificationOutbox implements NotificationOutbox {
  private final Map<String, Row> rows = new LinkedHashMap<>();

  /** One stored entry and the token of its current claim. */
  private static final class Row {
    OutboxEntry entry;
    String token;

    Row(OutboxEntry entry) {
      this.entry = entry;
    }
  }

  @Override
  public synchronized void enqueue(List<Notification> notifications) {
    for (Notification n : notifications) {
      Objects.requireNonNull(n, "a notification must not be null");
      rows.putIfAbsent(n.id(), new Row(OutboxEntry.pending(n)));
    }
  }

  @Override
  public synchronized List<Claimed> claim(Instant now, Duration lease, int max) {
    List<Row> due =
        rows.values().stream()
            .filter(r -> r.entry.status() == OutboxStatus.PENDING)
            .filter(r -> !r.entry.nextAttemptAt().isAfter(now))
            .sorted(
                Comparator.comparing((Row r) -> r.entry.nextAttemptAt())
                    .thenComparing(r -> r.entry.id()))
            .limit(max)
            .toList();
    List<Claimed> claimed = new ArrayList<>(due.size());
    for (Row r : due) {
      r.entry = r.entry.claimed(now, lease);
      r.token = UUID.randomUUID().toString();
      claimed.add(new Claimed(r.entry, r.token));
    }
    return claimed;
  }

  @Override
  public synchronized boolean delivered(String id, String token, Instant at) {
    Row r = claimedBy(id, token);
    if (r == null) {
      return false;
    }
    r.entry = r.entry.delivered(at);
    r.token = null;
    return true;
  }

  @Override
  public synchronized boolean retryLater(
      String id, String token, String error, Set<String> channelsDone, Instant nextAttemptAt) {
    return release(id, token, OutboxStatus.PENDING, error, channelsDone, nextAttemptAt);
  }

  @Override
  public synchronized boolean failed(
      String id, String token, String error, Set<String> channelsDone, Instant at) {
    return release(id, token, OutboxStatus.FAILED, error, channelsDone, at);
  }

  private boolean release(
      String id,
      String token,
      OutboxStatus status,
      String error,
      Set<String> channelsDone,
      Instant at) {
    Row r = claimedBy(id, token);
    if (r == null) {
      return false;
    }
    r.entry = r.entry.released(status, error, channelsDone, at);
    r.token = null;
    return true;
  }

  @Override
  public synchronized boolean requeue(String id, Instant now) {
    Row r = rows.get(id);
    if (r == null || r.entry.status() != OutboxStatus.FAILED) {
      return false;
    }
    r.entry = r.entry.requeued(now);
    return true;
  }

  @Override
  public synchronized Optional<OutboxEntry> find(String id) {
    return Optional.ofNullable(rows.get(id)).map(r -> r.entry);
  }

  @Override
  public synchronized List<OutboxEntry> list(Optional<OutboxStatus> status, int offset, int limit) {
    return rows.values().stream()
        .map(r -> r.entry)
        .filter(e -> status.isEmpty() || e.status() == status.get())
        .sorted(
            Comparator.comparing((OutboxEntry e) -> e.notification().createdAt())
                .thenComparing(OutboxEntry::id)
                .reversed())
        .skip(offset)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Map<OutboxStatus, Long> counts() {
    Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
    for (OutboxStatus s : OutboxStatus.values()) {
      counts.put(s, 0L);
    }
    for (Row r : rows.values()) {
      counts.merge(r.entry.status(), 1L, Long::sum);
    }
    return counts;
  }

  private Row claimedBy(String id, String token) {
    Row r = rows.get(id);
    return r != null && token.equals(r.token) ? r : null;
  }
}

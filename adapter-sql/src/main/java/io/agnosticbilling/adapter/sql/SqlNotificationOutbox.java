package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Adapter: the notification outbox in {@code notification_outbox}. Rows get in with the change that
 * caused them ({@link #insert}, called inside the organization save and the alert record); claims
 * are conditional updates, after a {@code FOR UPDATE SKIP LOCKED} pick on PostgreSQL, so two pools
 * never claim the same row while its lease runs.
 */
public final class SqlNotificationOutbox implements NotificationOutbox {
  static final String TABLE = "notification_outbox";
  private static final String COLUMNS =
      "id, type, organization_id, created_at, data, status, attempts, next_attempt_at,"
          + " channels_done, last_error, updated_at, delivered_at";

  private final Database db;

  SqlNotificationOutbox(Database db) {
    this.db = db;
  }

  private static final String INSERT_INTO =
      "INSERT INTO notification_outbox (id, type, organization_id, created_at, data, status,"
          + " attempts, next_attempt_at, claim_token, channels_done, last_error, updated_at,"
          + " delivered_at)";

  /** Inserts each notification unless its id is stored; on the caller's write. */
  static void insert(Handle h, List<Notification> notifications) throws SQLException {
    for (Notification n : notifications) {
      long created = Micros.of(n.createdAt());
      h.update(
          INSERT_INTO
              + " VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, NULL, '', NULL, ?, NULL)"
              + " ON CONFLICT (id) DO NOTHING",
          n.id(),
          n.type().wireName(),
          n.organizationId().value(),
          created,
          n.data().toJson(),
          created,
          created);
    }
  }

  /**
   * PostgreSQL: an {@code INSERT} of {@code count} notifications (values from {@link #addValues})
   * for a data-modifying {@code WITH} holding an {@code org} query, written only when that query
   * has a row (the organization's compare-and-set succeeded).
   */
  static String insertFromOrg(int count) {
    return INSERT_INTO
        + " SELECT n.id, n.type, n.organization_id, n.created_at, n.data,"
        + " 'pending', 0, n.created_at, NULL, '', NULL, n.created_at, NULL FROM org, (VALUES "
        + String.join(
            ", ", Collections.nCopies(count, "(?::text, ?::text, ?::text, ?::bigint, ?::text)"))
        + ") AS n (id, type, organization_id, created_at, data) ON CONFLICT (id) DO NOTHING";
  }

  /** The values of {@link #insertFromOrg}'s notifications, in order. */
  static void addValues(List<Object> params, List<Notification> notifications) {
    for (Notification n : notifications) {
      params.add(n.id());
      params.add(n.type().wireName());
      params.add(n.organizationId().value());
      params.add(Micros.of(n.createdAt()));
      params.add(n.data().toJson());
    }
  }

  @Override
  public void enqueue(List<Notification> notifications) {
    if (notifications.isEmpty()) {
      return;
    }
    db.write(
        h -> {
          insert(h, notifications);
          return null;
        });
  }

  @Override
  public List<Claimed> claim(Instant now, Duration lease, int max) {
    long at = Micros.of(now);
    // A read first: an idle poll costs no write (on SQLite, no task on the one writer thread).
    boolean anyDue =
        db.read(
                h ->
                    h.one(
                        "SELECT id FROM notification_outbox WHERE status = 'pending'"
                            + " AND next_attempt_at <= ? LIMIT 1",
                        rs -> rs.getString(1),
                        at))
            .isPresent();
    if (!anyDue) {
      return List.of();
    }
    String lock = db.dialect() == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    return db.write(
        h -> {
          List<OutboxEntry> due =
              h.list(
                  "SELECT "
                      + COLUMNS
                      + " FROM notification_outbox WHERE status = 'pending'"
                      + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
                      + lock,
                  SqlNotificationOutbox::read,
                  at,
                  max);
          List<Claimed> claimed = new ArrayList<>(due.size());
          for (OutboxEntry entry : due) {
            OutboxEntry next = entry.claimed(now, lease);
            String token = UUID.randomUUID().toString();
            // Conditional: a row another claim took since the pick is left alone.
            int updated =
                h.update(
                    "UPDATE notification_outbox SET attempts = ?, next_attempt_at = ?,"
                        + " claim_token = ?, updated_at = ? WHERE id = ? AND status = 'pending'"
                        + " AND next_attempt_at <= ?",
                    next.attempts(),
                    Micros.of(next.nextAttemptAt()),
                    token,
                    at,
                    entry.id(),
                    at);
            if (updated == 1) {
              claimed.add(new Claimed(next, token));
            }
          }
          return claimed;
        });
  }

  @Override
  public boolean delivered(String id, String token, Instant at) {
    long micros = Micros.of(at);
    return db.write(
            h ->
                h.update(
                    "UPDATE notification_outbox SET status = 'delivered', claim_token = NULL,"
                        + " updated_at = ?, delivered_at = ? WHERE id = ? AND claim_token = ?"
                        + " AND status = 'pending'",
                    micros,
                    micros,
                    id,
                    token))
        == 1;
  }

  @Override
  public boolean retryLater(
      String id, String token, String error, Set<String> channelsDone, Instant nextAttemptAt) {
    return release(id, token, OutboxStatus.PENDING, error, channelsDone, nextAttemptAt);
  }

  @Override
  public boolean failed(
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
    long micros = Micros.of(at);
    return db.write(
            h ->
                h.update(
                    "UPDATE notification_outbox SET status = ?, claim_token = NULL,"
                        + " next_attempt_at = ?, channels_done = ?, last_error = ?,"
                        + " updated_at = ? WHERE id = ? AND claim_token = ?"
                        + " AND status = 'pending'",
                    status.wireName(),
                    micros,
                    String.join(",", channelsDone),
                    error,
                    micros,
                    id,
                    token))
        == 1;
  }

  @Override
  public boolean requeue(String id, Instant now) {
    long micros = Micros.of(now);
    return db.write(
            h ->
                h.update(
                    "UPDATE notification_outbox SET status = 'pending', attempts = 0,"
                        + " next_attempt_at = ?, claim_token = NULL, updated_at = ?"
                        + " WHERE id = ? AND status = 'failed'",
                    micros,
                    micros,
                    id))
        == 1;
  }

  @Override
  public Optional<OutboxEntry> find(String id) {
    return db.read(
        h ->
            h.one(
                "SELECT " + COLUMNS + " FROM notification_outbox WHERE id = ?",
                SqlNotificationOutbox::read,
                id));
  }

  @Override
  public List<OutboxEntry> list(Optional<OutboxStatus> status, int offset, int limit) {
    return db.read(
        h ->
            status.isPresent()
                ? h.list(
                    "SELECT "
                        + COLUMNS
                        + " FROM notification_outbox WHERE status = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                    SqlNotificationOutbox::read,
                    status.get().wireName(),
                    limit,
                    offset)
                : h.list(
                    "SELECT "
                        + COLUMNS
                        + " FROM notification_outbox"
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                    SqlNotificationOutbox::read,
                    limit,
                    offset));
  }

  @Override
  public Map<OutboxStatus, Long> counts() {
    Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
    db.read(
        h -> {
          for (OutboxStatus s : OutboxStatus.values()) {
            counts.put(
                s,
                h.number(
                    "SELECT COUNT(*) FROM notification_outbox WHERE status = ?", s.wireName()));
          }
          return null;
        });
    return counts;
  }

  private static OutboxEntry read(ResultSet rs) throws SQLException {
    StoredRow row = StoredRow.of(TABLE, "id", rs);
    try {
      Notification notification =
          new Notification(
              row.string("id"),
              row.named("type", NotificationType::fromWireName),
              row.parsed("organization_id", OrganizationId::of),
              row.instant("created_at"),
              row.parsed("data", NotificationData::fromJson));
      String done = row.string("channels_done");
      Set<String> channels =
          done.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(done.split(",")));
      return new OutboxEntry(
          notification,
          row.named("status", OutboxStatus::fromWireName),
          row.intValue("attempts"),
          row.instant("next_attempt_at"),
          channels,
          row.optionalString("last_error"),
          row.instant("updated_at"),
          row.optionalInstant("delivered_at"));
    } catch (IllegalArgumentException e) {
      throw row.rejected(e);
    }
  }
}

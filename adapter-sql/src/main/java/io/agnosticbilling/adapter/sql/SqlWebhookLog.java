package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Adapter: the webhook log in {@code webhook_log}, the event id its primary key. A claim is one
 * transaction: insert unless present; else take the entry over with a conditional update (in error,
 * or processing with an expired lease); else report what is stored.
 */
public final class SqlWebhookLog implements WebhookLog {
  static final String TABLE = "webhook_log";
  private static final String COLUMNS =
      "event_id, type, status, attempts, error, detail, organization_id, event_created, livemode,"
          + " payload, received_at, claimed_at, updated_at";
  private static final String PROCESSING = WebhookStatus.PROCESSING.wireName();

  private final Database db;

  SqlWebhookLog(Database db) {
    this.db = db;
  }

  @Override
  public Claim claim(IncomingEvent event, Instant now, Duration lease) {
    String eventId = event.header().id();
    long at = Micros.of(now);
    long expired = Micros.of(now.minus(lease));
    return db.write(
        h -> {
          int inserted =
              h.update(
                  "INSERT INTO webhook_log (event_id, type, status, attempts, event_created,"
                      + " livemode, payload, received_at, claimed_at, updated_at)"
                      + " VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
                  eventId,
                  event.header().type(),
                  PROCESSING,
                  Micros.of(event.header().created()),
                  event.header().livemode(),
                  event.payload(),
                  at,
                  at,
                  at);
          if (inserted == 1) {
            h.claimed(eventId, 1);
            return new Claim.Claimed(
                new WebhookLogEntry(
                    eventId,
                    event.header().type(),
                    WebhookStatus.PROCESSING,
                    1,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    event.header().created(),
                    event.header().livemode(),
                    event.payload(),
                    now,
                    now,
                    now));
          }
          // An error is retried at once; a processing entry only once its lease ran out.
          Optional<WebhookLogEntry> taken =
              h.one(
                  "UPDATE webhook_log SET status = ?, attempts = attempts + 1, claimed_at = ?,"
                      + " updated_at = ? WHERE event_id = ?"
                      + " AND (status = ? OR (status = ? AND claimed_at <= ?))"
                      + " RETURNING "
                      + COLUMNS,
                  SqlWebhookLog::read,
                  PROCESSING,
                  at,
                  at,
                  eventId,
                  WebhookStatus.ERROR.wireName(),
                  PROCESSING,
                  expired);
          if (taken.isPresent()) {
            h.claimed(eventId, taken.get().attempts());
            return new Claim.Claimed(taken.get());
          }
          WebhookLogEntry entry =
              h.one(
                      "SELECT " + COLUMNS + " FROM webhook_log WHERE event_id = ?",
                      SqlWebhookLog::read,
                      eventId)
                  .orElseThrow(
                      () ->
                          new ConcurrentUpdateException(
                              "the webhook log entry of event '" + eventId + "' vanished"));
          if (entry.status().isFinished()) {
            return new Claim.AlreadyFinished(entry);
          }
          return new Claim.InProgress(entry);
        });
  }

  @Override
  public boolean finish(
      String eventId,
      int attempt,
      WebhookStatus status,
      Optional<OrganizationId> organizationId,
      Optional<String> detail,
      Optional<String> error,
      Instant now) {
    if (status == WebhookStatus.PROCESSING) {
      throw new IllegalArgumentException("'status' must end the claim, not be 'processing'");
    }
    Object[] params = {
      status.wireName(),
      Micros.of(now),
      organizationId.map(OrganizationId::value).orElse(null),
      detail.orElse(null),
      error.orElse(null),
      eventId,
      PROCESSING,
      attempt
    };
    return db.write(
            h -> {
              // Claimed by this very transaction, the row is locked by it and at this attempt:
              // the update cannot miss, so it goes with the COMMIT (one round trip less), checked
              // all the same (a miss divides by zero, failing the transaction before its COMMIT).
              if (h.claimedHere(eventId, attempt)
                  && h.deferUntilCommit(
                      "WITH finished AS ("
                          + FINISH
                          + " RETURNING 1)"
                          + " SELECT 1 / COUNT(*) FROM finished",
                      params)) {
                return 1;
              }
              return h.update(FINISH, params);
            })
        == 1;
  }

  private static final String FINISH =
      "UPDATE webhook_log SET status = ?, updated_at = ?,"
          + " organization_id = COALESCE(?, organization_id), detail = ?, error = ?"
          + " WHERE event_id = ? AND status = ? AND attempts = ?";

  @Override
  public Optional<WebhookLogEntry> find(String eventId) {
    return db.read(
        h ->
            h.one(
                "SELECT " + COLUMNS + " FROM webhook_log WHERE event_id = ?",
                SqlWebhookLog::read,
                eventId));
  }

  @Override
  public List<WebhookLogEntry> list(Optional<WebhookStatus> status, int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("'offset' must not be negative");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("'limit' must be at least 1");
    }
    return db.read(
        h ->
            status.isPresent()
                ? h.list(
                    "SELECT "
                        + COLUMNS
                        + " FROM webhook_log WHERE status = ?"
                        + " ORDER BY received_at DESC, event_id DESC LIMIT ? OFFSET ?",
                    SqlWebhookLog::read,
                    status.get().wireName(),
                    limit,
                    offset)
                : h.list(
                    "SELECT "
                        + COLUMNS
                        + " FROM webhook_log ORDER BY received_at DESC, event_id DESC"
                        + " LIMIT ? OFFSET ?",
                    SqlWebhookLog::read,
                    limit,
                    offset));
  }

  private static WebhookLogEntry read(ResultSet rs) throws SQLException {
    StoredRow row = StoredRow.of(TABLE, "event_id", rs);
    try {
      return new WebhookLogEntry(
          row.string("event_id"),
          row.string("type"),
          row.named("status", WebhookStatus::fromWireName),
          row.intValue("attempts"),
          row.optionalString("error"),
          row.optionalString("detail"),
          row.optionalString("organization_id").map(OrganizationId::of),
          row.instant("event_created"),
          row.bool("livemode"),
          row.string("payload"),
          row.instant("received_at"),
          row.instant("claimed_at"),
          row.instant("updated_at"));
    } catch (IllegalArgumentException e) {
      throw row.rejected(e);
    }
  }
}

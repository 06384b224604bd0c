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
 *
 * <p>On PostgreSQL a claim first takes the event's transaction-scoped advisory lock and reads the
 * stored row, in one round trip. Inside a transaction of the store ({@code inTransaction}) a claim
 * of an event not logged yet then writes nothing: the finish of the same transaction inserts the
 * finished row with the COMMIT, so a webhook writes its log row once (not an insert and an update
 * rewriting the row, its payload and its three index entries). The lock, held to the commit, is
 * what makes a concurrent duplicate wait, as the inserted row's key did before; it then reads the
 * committed row.
 */
public final class SqlWebhookLog implements WebhookLog {
  static final String TABLE = "webhook_log";
  private static final String COLUMNS =
      "event_id, type, status, attempts, error, detail, organization_id, event_created, livemode,"
          + " payload, received_at, claimed_at, updated_at";
  private static final String PROCESSING = WebhookStatus.PROCESSING.wireName();

  private final Database db;
  private final OrganizationRows organizationRows;

  SqlWebhookLog(Database db, OrganizationRows organizationRows) {
    this.db = db;
    this.organizationRows = organizationRows;
  }

  @Override
  public Claim claim(IncomingEvent event, Instant now, Duration lease) {
    String eventId = event.header().id();
    long at = Micros.of(now);
    long expired = Micros.of(now.minus(lease));
    return db.write(
        h -> {
          boolean stored = false;
          // The event claimed again in the transaction that holds its claim unwritten: the row
          // is written as claimed, so the claim below finds it in progress, as everywhere else.
          h.writeClaims();
          if (db.dialect() == Dialect.POSTGRESQL) {
            // Every claimant of the event on PostgreSQL takes its lock first, for the rest of its
            // transaction, then reads what is committed: a concurrent duplicate waits here until
            // the first one's transaction ends, and then reads its row.
            // The organization the event names is what its handling reads next: in a
            // transaction it is read in this round trip too, for that read to take.
            Optional<WebhookLogEntry> entry =
                event.organization().isPresent()
                    ? h.oneAfter(
                        LOCK_EVENT,
                        SELECT_ENTRY,
                        SqlWebhookLog::read,
                        new Object[] {eventId, eventId},
                        SqlOrganizations.FIND_BY_ID,
                        event.organization().get().value(),
                        organizationRows::read)
                    : h.oneAfter(LOCK_EVENT, SELECT_ENTRY, SqlWebhookLog::read, eventId, eventId);
            if (entry.isEmpty() && h.holdsClaims()) {
              // Inside a PostgreSQL transaction the row is written once, finished, with the
              // COMMIT (finish); nobody could see it as claimed before then anyway.
              h.claimedUnwritten(eventId, INSERT, claimedRow(event, at));
              return new Claim.Claimed(claimedEntry(event, now));
            }
            if (entry.isPresent() && !takeable(entry.get(), expired)) {
              return unclaimable(entry.get());
            }
            stored = entry.isPresent();
          }
          if (!stored
              && h.update(INSERT + " ON CONFLICT (event_id) DO NOTHING", claimedRow(event, at))
                  == 1) {
            h.claimed(eventId, 1);
            return new Claim.Claimed(claimedEntry(event, now));
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
          return unclaimable(
              h.one(SELECT_ENTRY, SqlWebhookLog::read, eventId)
                  .orElseThrow(
                      () ->
                          new ConcurrentUpdateException(
                              "the webhook log entry of event '" + eventId + "' vanished")));
        });
  }

  private static final String SELECT_ENTRY =
      "SELECT " + COLUMNS + " FROM webhook_log WHERE event_id = ?";

  /**
   * The event's transaction-scoped advisory lock (PostgreSQL), keyed by the schema and the event
   * id; a hash collision only makes two events' claims take turns.
   */
  private static final String LOCK_EVENT =
      "SELECT pg_advisory_xact_lock(hashtextextended(?, hashtext(current_schema())))";

  /**
   * The row of a claim; {@link #claimedRow} gives its values as claimed, and the finish of a claim
   * held unwritten sets {@link #FINISHED_VALUES} in them.
   */
  private static final String INSERT =
      "INSERT INTO webhook_log (event_id, type, event_created, livemode, payload, received_at,"
          + " claimed_at, attempts, status, updated_at, organization_id, detail, error)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Where the finish's values (status, updated_at, organization_id, detail, error) start. */
  private static final int FINISHED_VALUES = 8;

  private static Object[] claimedRow(IncomingEvent event, long at) {
    return new Object[] {
      event.header().id(),
      event.header().type(),
      Micros.of(event.header().created()),
      event.header().livemode(),
      event.payload(),
      at,
      at,
      1,
      PROCESSING,
      at,
      null,
      null,
      null
    };
  }

  private static WebhookLogEntry claimedEntry(IncomingEvent event, Instant now) {
    return new WebhookLogEntry(
        event.header().id(),
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
        now);
  }

  /** Whether a claim takes {@code entry} over: in error, or processing with its lease run out. */
  private static boolean takeable(WebhookLogEntry entry, long expired) {
    return entry.status() == WebhookStatus.ERROR
        || (entry.status() == WebhookStatus.PROCESSING && Micros.of(entry.claimedAt()) <= expired);
  }

  private static Claim unclaimable(WebhookLogEntry entry) {
    return entry.status().isFinished()
        ? new Claim.AlreadyFinished(entry)
        : new Claim.InProgress(entry);
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
    Object[] finished = {
      status.wireName(),
      Micros.of(now),
      organizationId.map(OrganizationId::value).orElse(null),
      detail.orElse(null),
      error.orElse(null)
    };
    Object[] params = new Object[finished.length + 3];
    System.arraycopy(finished, 0, params, 0, finished.length);
    params[finished.length] = eventId;
    params[finished.length + 1] = PROCESSING;
    params[finished.length + 2] = attempt;
    return db.write(
            h -> {
              Object[] unwritten = h.unwrittenClaim(eventId);
              if (unwritten != null && attempt == 1) {
                // Claimed by this very transaction and not written yet: its one INSERT, finished,
                // goes with the COMMIT (a row there by then fails it: duplicate key).
                System.arraycopy(finished, 0, unwritten, FINISHED_VALUES, finished.length);
                h.finishUnwritten(eventId);
                return 1;
              }
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
                h.finished(eventId);
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
        h -> {
          // Inside a transaction that claimed it unwritten, the row is written first, as claimed.
          h.writeClaims();
          return h.one(SELECT_ENTRY, SqlWebhookLog::read, eventId);
        });
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
        h -> {
          h.writeClaims();
          return status.isPresent()
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
                  offset);
        });
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

package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Adapter: usage counters in {@code usage_counters}, one row per organization, metric and period;
 * an increment is one upsert whose update only applies while {@code used + quantity <= limit}. With
 * an idempotency key, the same transaction first inserts the key into {@code usage_decisions}: the
 * caller that inserted it decides and stores the decision, a later one (waiting on the key's row
 * lock on PostgreSQL) reads it back as a replay.
 */
public final class SqlUsageCounters implements UsageCounters {
  static final String TABLE = "usage_counters";

  /** Inserts a decision only when its key is new: the insert claims the key. */
  private static final String UNLESS_CLAIMED =
      " ON CONFLICT (organization_id, metric, period_start, idempotency_key) DO NOTHING";

  private final Database db;

  SqlUsageCounters(Database db) {
    this.db = db;
  }

  @Override
  public UsageRecorded record(UsageRequest request) {
    UsageKey key = request.key();
    String org = key.organizationId().value();
    String metric = key.metric().key();
    long period = Micros.of(key.periodStart());
    long expires = Micros.of(request.periodEnd());
    return db.write(
        h -> {
          if (request.idempotencyKey().isEmpty()) {
            return increment(h, request, org, metric, period, expires);
          }
          String idem = request.idempotencyKey().get();
          if (db.dialect() == Dialect.SQLITE) {
            return decideThenClaim(h, request, org, metric, period, expires, idem);
          }
          int claimed =
              h.update(
                  "INSERT INTO usage_decisions (organization_id, metric, period_start,"
                      + " idempotency_key, expires_at) VALUES (?, ?, ?, ?, ?)"
                      + UNLESS_CLAIMED,
                  org,
                  metric,
                  period,
                  idem,
                  expires);
          if (claimed == 0) {
            return stored(h, org, metric, period, idem);
          }
          UsageRecorded decision = increment(h, request, org, metric, period, expires);
          h.update(
              "UPDATE usage_decisions SET allowed = ?, used_before = ?, used_after = ?"
                  + " WHERE organization_id = ? AND metric = ? AND period_start = ?"
                  + " AND idempotency_key = ?",
              decision.allowed(),
              decision.usedBefore(),
              decision.usedAfter(),
              org,
              metric,
              period,
              idem);
          return decision;
        });
  }

  /**
   * SQLite: the one writer runs each record alone, so the decision can be made first and the key
   * claimed with it, in two statements instead of three (the common case, a new key): the
   * increment, then the decision's insert. A key already there is a replay: the increment is undone
   * (same transaction, nothing else ran in between) and the stored decision returned.
   */
  private static UsageRecorded decideThenClaim(
      Handle h,
      UsageRequest request,
      String org,
      String metric,
      long period,
      long expires,
      String idem)
      throws SQLException {
    UsageRecorded decision = increment(h, request, org, metric, period, expires);
    int claimed =
        h.update(
            "INSERT INTO usage_decisions (organization_id, metric, period_start, idempotency_key,"
                + " expires_at, allowed, used_before, used_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + UNLESS_CLAIMED,
            org,
            metric,
            period,
            idem,
            expires,
            decision.allowed(),
            decision.usedBefore(),
            decision.usedAfter());
    if (claimed == 1) {
      return decision;
    }
    if (decision.allowed()) {
      h.update(
          "UPDATE usage_counters SET used = used - ?"
              + " WHERE organization_id = ? AND metric = ? AND period_start = ?",
          request.quantity(),
          org,
          metric,
          period);
    }
    return stored(h, org, metric, period, idem);
  }

  /** The decision stored for {@code idem}, replayed. */
  private static UsageRecorded stored(Handle h, String org, String metric, long period, String idem)
      throws SQLException {
    return h.one(
            "SELECT allowed, used_before, used_after FROM usage_decisions"
                + " WHERE organization_id = ? AND metric = ? AND period_start = ?"
                + " AND idempotency_key = ?",
            rs -> {
              StoredRow row =
                  StoredRow.keyed(
                      "usage_decisions", org + "|" + metric + "|" + period + "|" + idem, rs);
              try {
                return new UsageRecorded(
                    row.bool("allowed"),
                    row.longValue("used_before"),
                    row.longValue("used_after"),
                    true);
              } catch (IllegalArgumentException e) {
                throw row.rejected(e);
              }
            },
            org,
            metric,
            period,
            idem)
        .orElseThrow(
            () ->
                new SqlStoreException(
                    "the usage decision of key '" + idem + "' vanished while read"));
  }

  @Override
  public long used(UsageKey key) {
    return db.read(
        h ->
            current(
                h, key.organizationId().value(), key.metric().key(), Micros.of(key.periodStart())));
  }

  private static UsageRecorded increment(
      Handle h, UsageRequest request, String org, String metric, long period, long expires)
      throws SQLException {
    long quantity = request.quantity();
    if (request.limit().limit().isPresent() && quantity > request.limit().limit().getAsLong()) {
      return UsageRecorded.refused(current(h, org, metric, period));
    }
    String upsert =
        "INSERT INTO usage_counters (organization_id, metric, period_start, used, expires_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (organization_id, metric, period_start)"
            + " DO UPDATE SET used = usage_counters.used + excluded.used";
    Optional<Long> after =
        request.limit().limit().isPresent()
            ? h.one(
                upsert + " WHERE usage_counters.used + excluded.used <= ? RETURNING used",
                rs -> rs.getLong(1),
                org,
                metric,
                period,
                quantity,
                expires,
                request.limit().limit().getAsLong())
            : h.one(
                upsert + " RETURNING used",
                rs -> rs.getLong(1),
                org,
                metric,
                period,
                quantity,
                expires);
    if (after.isEmpty()) {
      return UsageRecorded.refused(current(h, org, metric, period));
    }
    return UsageRecorded.allowed(after.get() - quantity, after.get());
  }

  private static long current(Handle h, String org, String metric, long period)
      throws SQLException {
    return h.one(
            "SELECT organization_id, used FROM usage_counters"
                + " WHERE organization_id = ? AND metric = ? AND period_start = ?",
            rs -> StoredRow.keyed(TABLE, org + "|" + metric + "|" + period, rs).longValue("used"),
            org,
            metric,
            period)
        .orElse(0L);
  }
}

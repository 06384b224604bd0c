package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Adapter: Checkout sessions in {@code checkout_sessions}, keyed by the provider session id. */
public final class SqlCheckoutSessions implements CheckoutSessions {
  private static final String TABLE = "checkout_sessions";

  private final Database db;

  SqlCheckoutSessions(Database db) {
    this.db = db;
  }

  @Override
  public void created(CheckoutRecord record) {
    // A repeated report of the same session keeps the first one.
    db.write(
        h ->
            h.update(
                "INSERT INTO checkout_sessions (session_id, organization_id, plan, created_at,"
                    + " confirmed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
                record.sessionId(),
                record.organizationId().value(),
                record.plan().value(),
                Micros.of(record.createdAt()),
                record.confirmedAt().map(Micros::of).orElse(null)));
  }

  @Override
  public boolean confirmed(String sessionId, Instant at) {
    return db.write(
            h ->
                h.update(
                    "UPDATE checkout_sessions SET confirmed_at = ?"
                        + " WHERE session_id = ? AND confirmed_at IS NULL",
                    Micros.of(at),
                    sessionId))
        == 1;
  }

  @Override
  public Optional<CheckoutRecord> find(String sessionId) {
    return db.read(
        h ->
            h.one(
                "SELECT session_id, organization_id, plan, created_at, confirmed_at"
                    + " FROM checkout_sessions WHERE session_id = ?",
                SqlCheckoutSessions::read,
                sessionId));
  }

  private static CheckoutRecord read(ResultSet rs) throws SQLException {
    StoredRow row = StoredRow.of(TABLE, "session_id", rs);
    try {
      return new CheckoutRecord(
          row.string("session_id"),
          row.parsed("organization_id", OrganizationId::of),
          row.parsed("plan", PlanId::of),
          row.instant("created_at"),
          row.optionalInstant("confirmed_at"));
    } catch (IllegalArgumentException e) {
      throw row.rejected(e);
    }
  }
}

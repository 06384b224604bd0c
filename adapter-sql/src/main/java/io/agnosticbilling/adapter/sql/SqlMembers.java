package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Adapter: members in {@code members} (email unique by index), the seats taken per organization in
 * {@code seat_counts}: an add is one transaction taking a seat with a conditional increment, then
 * inserting the member, giving the seat back when the email is taken.
 */
public final class SqlMembers implements Members {
  private static final String TABLE = "members";
  private static final String COLUMNS =
      "id, organization_id, email, password_hash, role, created_at";

  private final Database db;

  SqlMembers(Database db) {
    this.db = db;
  }

  @Override
  public AddResult add(Member member, Quota seats) {
    String org = member.organizationId().value();
    return db.write(
        h -> {
          // Only a shortcut for the common refusal; the unique index decides under concurrency.
          if (emailTaken(h, member.email())) {
            return new EmailTaken();
          }
          h.update(
              "INSERT INTO seat_counts (organization_id, members) VALUES (?, 0)"
                  + " ON CONFLICT (organization_id) DO NOTHING",
              org);
          Optional<Long> taken =
              seats.limit().isPresent()
                  ? h.one(
                      "UPDATE seat_counts SET members = members + 1"
                          + " WHERE organization_id = ? AND members + 1 <= ? RETURNING members",
                      rs -> rs.getLong(1),
                      org,
                      seats.limit().getAsLong())
                  : h.one(
                      "UPDATE seat_counts SET members = members + 1"
                          + " WHERE organization_id = ? RETURNING members",
                      rs -> rs.getLong(1),
                      org);
          if (taken.isEmpty()) {
            return new SeatLimitReached(
                h.number("SELECT members FROM seat_counts WHERE organization_id = ?", org));
          }
          int inserted =
              h.update(
                  "INSERT INTO members (id, organization_id, email, password_hash, role,"
                      + " created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  member.id().value(),
                  org,
                  member.email().value(),
                  member.passwordHash(),
                  member.role().wireName(),
                  Micros.of(member.createdAt()),
                  taken.get());
          if (inserted == 0) {
            h.update("UPDATE seat_counts SET members = members - 1 WHERE organization_id = ?", org);
            if (emailTaken(h, member.email())) {
              return new EmailTaken();
            }
            throw new IllegalArgumentException("member '" + member.id() + "' exists already");
          }
          return new Added(member);
        });
  }

  @Override
  public Optional<Member> findByEmail(Email email) {
    return db.read(
        h ->
            h.one(
                "SELECT " + COLUMNS + " FROM members WHERE email = ?",
                SqlMembers::read,
                email.value()));
  }

  @Override
  public Optional<Member> findById(MemberId id) {
    return db.read(
        h ->
            h.one(
                "SELECT " + COLUMNS + " FROM members WHERE id = ?", SqlMembers::read, id.value()));
  }

  @Override
  public List<Member> list(OrganizationId organizationId) {
    return db.read(
        h ->
            h.list(
                "SELECT "
                    + COLUMNS
                    + " FROM members WHERE organization_id = ? ORDER BY created_at, seq",
                SqlMembers::read,
                organizationId.value()));
  }

  @Override
  public long count(OrganizationId organizationId) {
    return db.read(
        h ->
            h.number(
                "SELECT COUNT(*) FROM members WHERE organization_id = ?", organizationId.value()));
  }

  private static boolean emailTaken(Handle h, Email email) throws SQLException {
    return h.one("SELECT 1 FROM members WHERE email = ?", rs -> true, email.value()).isPresent();
  }

  private static Member read(ResultSet rs) throws SQLException {
    StoredRow row = StoredRow.of(TABLE, "id", rs);
    return new Member(
        row.parsed("id", MemberId::of),
        row.parsed("organization_id", OrganizationId::of),
        row.parsed("email", Email::of),
        row.string("password_hash"),
        row.named("role", Role::fromWireName),
        row.instant("created_at"));
  }
}

package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
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
 *
 * <p>A role change or a removal is one transaction that first locks the organization's {@code
 * seat_counts} row (which every add also updates, so it exists for any organization with members),
 * then makes a conditional write that holds only while another admin of the organization remains.
 * The lock is what makes the condition safe on PostgreSQL at READ COMMITTED: without it, two
 * transactions demoting the two admins each count the other one, and both commit. With it, the
 * second waits for the first to commit and its statements then see the first one's write. SQLite
 * needs no lock: its one writer runs the writes one after the other.
 */
public final class SqlMembers implements Members {
  private static final String TABLE = "members";
  private static final String COLUMNS =
      "id, organization_id, email, password_hash, role, created_at";
  private static final String ADMIN = Role.ADMIN.wireName();

  /**
   * The member (binds id, organization), provided it is not an admin or another admin of the
   * organization remains (binds organization, id).
   */
  private static final String WHERE_AN_ADMIN_REMAINS =
      " WHERE id = ? AND organization_id = ? AND (role <> '"
          + ADMIN
          + "' OR EXISTS (SELECT 1 FROM members other WHERE other.organization_id = ?"
          + " AND other.role = '"
          + ADMIN
          + "' AND other.id <> ?))";

  private final Database db;
  // Memberships by member id: every authenticated request asks for its caller's.
  private final ReadCache<Membership> memberships;

  SqlMembers(Database db) {
    this.db = db;
    this.memberships = db.readCache("memberships");
  }

  @Override
  public AddResult add(Member member, Quota seats) {
    String org = member.organizationId().value();
    return db.write(
        h -> {
          memberships.changing(member.id().value());
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

  @Override
  public boolean setOperator(MemberId id, boolean operator) {
    return db.write(
            h -> {
              memberships.changing(id.value());
              return h.update("UPDATE members SET operator = ? WHERE id = ?", operator, id.value());
            })
        == 1;
  }

  @Override
  public boolean isOperator(MemberId id) {
    return db.read(
        h ->
            h.one("SELECT operator FROM members WHERE id = ?", rs -> rs.getBoolean(1), id.value())
                .orElse(false));
  }

  @Override
  public List<Member> operators() {
    return db.read(
        h ->
            h.list(
                "SELECT " + COLUMNS + " FROM members WHERE operator = ? ORDER BY email",
                SqlMembers::read,
                true));
  }

  @Override
  public Optional<Membership> membership(MemberId id) {
    return memberships.get(
        id.value(),
        () ->
            db.read(
                h ->
                    h.one(
                        "SELECT id, organization_id, role, operator FROM members WHERE id = ?",
                        rs -> {
                          StoredRow row = StoredRow.of(TABLE, "id", rs);
                          return new Membership(
                              id,
                              row.parsed("organization_id", OrganizationId::of),
                              row.named("role", Role::fromWireName),
                              rs.getBoolean("operator"));
                        },
                        id.value())));
  }

  @Override
  public MemberChange changeRole(OrganizationId organizationId, MemberId id, Role role) {
    String org = organizationId.value();
    return db.write(
        h -> {
          memberships.changing(id.value());
          lockOrganization(h, org);
          // Promoting never needs the condition; demoting needs another admin to remain.
          int changed =
              role == Role.ADMIN
                  ? h.update(
                      "UPDATE members SET role = ? WHERE id = ? AND organization_id = ?",
                      ADMIN,
                      id.value(),
                      org)
                  : h.update(
                      "UPDATE members SET role = ?" + WHERE_AN_ADMIN_REMAINS,
                      role.wireName(),
                      id.value(),
                      org,
                      org,
                      id.value());
          Optional<Member> member = member(h, org, id);
          if (member.isEmpty()) {
            return new NoSuchMember();
          }
          return changed == 1 ? new Changed(member.get()) : new LastAdmin();
        });
  }

  @Override
  public MemberChange remove(OrganizationId organizationId, MemberId id) {
    String org = organizationId.value();
    return db.write(
        h -> {
          memberships.changing(id.value());
          lockOrganization(h, org);
          Optional<Member> member = member(h, org, id);
          if (member.isEmpty()) {
            return new NoSuchMember();
          }
          int removed =
              h.update(
                  "DELETE FROM members" + WHERE_AN_ADMIN_REMAINS, id.value(), org, org, id.value());
          if (removed == 0) {
            return new LastAdmin();
          }
          h.update("UPDATE seat_counts SET members = members - 1 WHERE organization_id = ?", org);
          return new Changed(member.get());
        });
  }

  /**
   * Takes the organization's row lock on PostgreSQL for the rest of the transaction: every role
   * change, removal and add of the organization waits for the one holding it.
   */
  private void lockOrganization(Handle h, String org) throws SQLException {
    if (db.dialect() == Dialect.POSTGRESQL) {
      h.one(
          "SELECT members FROM seat_counts WHERE organization_id = ? FOR UPDATE",
          rs -> rs.getLong(1),
          org);
    }
  }

  private static Optional<Member> member(Handle h, String org, MemberId id) throws SQLException {
    return h.one(
        "SELECT " + COLUMNS + " FROM members WHERE id = ? AND organization_id = ?",
        SqlMembers::read,
        id.value(),
        org);
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

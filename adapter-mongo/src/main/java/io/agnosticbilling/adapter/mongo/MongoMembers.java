package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Adapter: members in {@code users} (unique email), with the seat limit held by a per-organization
 * counter document in {@code seat_counters} that is taken with a conditional increment before the
 * member is inserted and given back when the insert fails.
 *
 * <p>The same document holds {@code admins}, the ids of the organization's admins, as a lower
 * bound: an id joins it after its user document says admin, and leaves it before the user document
 * stops saying so. A demotion or removal of an admin first pulls the id from the set in ONE
 * conditional single-document update that holds only while the set has another id ({@code admins.1}
 * exists); only then is the user document changed. Two processes demoting the last two admins
 * cannot both pass: the second pull finds one id left. A crash between the two writes leaves the
 * set short of an admin, which can only refuse a demotion, never allow one too many.
 */
public final class MongoMembers implements Members {
  private static final String OPERATOR = "operator";
  private static final String ADMINS = "admins";
  private static final String ROLE = "role";
  private static final String ADMIN = Role.ADMIN.wireName();

  /** Rounds of a change that met another change of the same member half-way through. */
  private static final int ATTEMPTS = 50;

  private final MongoCollection<Document> users;
  private final MongoCollection<Document> seatCounters;
  private final ConditionalCounter seats;

  public MongoMembers(MongoDatabase database) {
    this.users = database.getCollection(Schema.USERS);
    this.seatCounters = database.getCollection(Schema.SEAT_COUNTERS);
    this.seats = new ConditionalCounter(seatCounters, "members");
  }

  @Override
  public AddResult add(Member member, Quota seatLimit) {
    if (findByEmail(member.email()).isPresent()) {
      return new EmailTaken();
    }
    String organization = member.organizationId().value();
    ConditionalCounter.Outcome seat = seats.increment(organization, 1, seatLimit, new Document());
    if (!seat.allowed()) {
      return new SeatLimitReached(seat.after());
    }
    try {
      users.insertOne(MemberMapper.toDocument(member));
      if (member.role() == Role.ADMIN) {
        joinAdmins(organization, member.id());
      }
      return new Added(member);
    } catch (MongoException e) {
      // The seat was taken for this member only; give it back whatever went wrong.
      seats.decrement(organization, 1);
      if (DuplicateKey.onIndex(e, Schema.USERS_EMAIL_UNIQUE)) {
        return new EmailTaken();
      }
      if (DuplicateKey.is(e)) {
        throw new ConflictException(
            "member_exists", "a member with id '" + member.id() + "' exists already");
      }
      throw e;
    }
  }

  @Override
  public Optional<Member> findByEmail(Email email) {
    return Optional.ofNullable(users.find(Filters.eq("email", email.value())).first())
        .map(MemberMapper::fromDocument);
  }

  @Override
  public Optional<Member> findById(MemberId id) {
    return Optional.ofNullable(users.find(Filters.eq("_id", id.value())).first())
        .map(MemberMapper::fromDocument);
  }

  @Override
  public List<Member> list(OrganizationId organizationId) {
    List<Member> members = new ArrayList<>();
    for (Document d :
        users
            .find(Filters.eq("organizationId", organizationId.value()))
            .sort(Sorts.ascending("createdAt", "_id"))) {
      members.add(MemberMapper.fromDocument(d));
    }
    return members;
  }

  @Override
  public long count(OrganizationId organizationId) {
    return users.countDocuments(Filters.eq("organizationId", organizationId.value()));
  }

  // The flag is a field of the user document; documents written before it existed lack it,
  // which reads as "not an operator".
  @Override
  public boolean setOperator(MemberId id, boolean operator) {
    return users
            .updateOne(Filters.eq("_id", id.value()), Updates.set(OPERATOR, operator))
            .getMatchedCount()
        == 1;
  }

  @Override
  public boolean isOperator(MemberId id) {
    return users.countDocuments(
            Filters.and(Filters.eq("_id", id.value()), Filters.eq(OPERATOR, true)))
        > 0;
  }

  @Override
  public List<Member> operators() {
    List<Member> found = new ArrayList<>();
    for (Document d : users.find(Filters.eq(OPERATOR, true)).sort(Sorts.ascending("email"))) {
      found.add(MemberMapper.fromDocument(d));
    }
    return found;
  }

  @Override
  public Optional<Membership> membership(MemberId id) {
    Document d =
        users
            .find(Filters.eq("_id", id.value()))
            .projection(Projections.include("organizationId", ROLE, OPERATOR))
            .first();
    if (d == null) {
      return Optional.empty();
    }
    StoredDocument stored = StoredDocument.of(Schema.USERS, d);
    return Optional.of(
        new Membership(
            id,
            stored.parsed("organizationId", OrganizationId::of),
            stored.named(ROLE, Role::fromWireName),
            Boolean.TRUE.equals(d.getBoolean(OPERATOR))));
  }

  @Override
  public MemberChange changeRole(OrganizationId organizationId, MemberId id, Role role) {
    return change(organizationId.value(), id, Optional.of(role));
  }

  @Override
  public MemberChange remove(OrganizationId organizationId, MemberId id) {
    return change(organizationId.value(), id, Optional.empty());
  }

  /**
   * Gives the member {@code role}, or removes it when empty. An admin about to stop being one
   * leaves the admin set first (refused when it is the last); the user write is conditional on the
   * role read, and a write that finds the member changed meanwhile reads it again. An admin pulled
   * from the set is not put back then: the member it named is no longer an admin.
   */
  private MemberChange change(String org, MemberId id, Optional<Role> role) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<Member> found = member(org, id);
      if (found.isEmpty()) {
        return new NoSuchMember();
      }
      Member member = found.get();
      if (role.isPresent() && member.role() == role.get()) {
        return new Changed(member);
      }
      if (member.role() == Role.ADMIN) {
        Leave leave = leaveAdmins(org, id);
        if (leave == Leave.LAST_ADMIN) {
          return new LastAdmin();
        }
        if (leave == Leave.NOT_LISTED) {
          continue;
        }
      }
      Bson same =
          Filters.and(
              Filters.eq("_id", id.value()),
              Filters.eq("organizationId", org),
              Filters.eq(ROLE, member.role().wireName()));
      if (role.isEmpty()) {
        if (users.deleteOne(same).getDeletedCount() == 1) {
          seats.decrement(org, 1);
          return new Changed(member);
        }
      } else if (users.updateOne(same, Updates.set(ROLE, role.get().wireName())).getMatchedCount()
          == 1) {
        if (role.get() == Role.ADMIN) {
          joinAdmins(org, id);
        }
        return new Changed(withRole(member, role.get()));
      }
    }
    throw new ConcurrentUpdateException(
        "member '" + id + "' kept changing under this change; try again");
  }

  /** What {@link #leaveAdmins} did. */
  private enum Leave {
    LEFT,
    LAST_ADMIN,
    NOT_LISTED
  }

  /**
   * Takes the admin out of the organization's admin set, in one conditional update that holds only
   * while another id stays in it. An id absent from the set is being changed by another call right
   * now (it pulled the id and has not yet written the user): the caller waits a moment and reads
   * again.
   */
  private Leave leaveAdmins(String org, MemberId id) {
    long pulled =
        seatCounters
            .updateOne(
                Filters.and(
                    Filters.eq("_id", org),
                    Filters.eq(ADMINS, id.value()),
                    Filters.exists(ADMINS + ".1")),
                Updates.pull(ADMINS, id.value()))
            .getModifiedCount();
    if (pulled == 1) {
      return Leave.LEFT;
    }
    boolean listed =
        seatCounters.countDocuments(
                Filters.and(Filters.eq("_id", org), Filters.eq(ADMINS, id.value())))
            > 0;
    if (listed) {
      return Leave.LAST_ADMIN;
    }
    pause();
    return Leave.NOT_LISTED;
  }

  private static void pause() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConcurrentUpdateException("interrupted while another change of a member finished");
    }
  }

  private void joinAdmins(String org, MemberId id) {
    seatCounters.updateOne(Filters.eq("_id", org), Updates.addToSet(ADMINS, id.value()));
  }

  private Optional<Member> member(String org, MemberId id) {
    return Optional.ofNullable(
            users
                .find(Filters.and(Filters.eq("_id", id.value()), Filters.eq("organizationId", org)))
                .first())
        .map(MemberMapper::fromDocument);
  }

  private static Member withRole(Member m, Role role) {
    return new Member(m.id(), m.organizationId(), m.email(), m.passwordHash(), role, m.createdAt());
  }
}

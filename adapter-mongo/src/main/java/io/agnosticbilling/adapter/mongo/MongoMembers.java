package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Adapter: members in {@code users} (unique email), with the seat limit held by a per-organization
 * counter document in {@code seat_counters} that is taken with a conditional increment before the
 * member is inserted and given back when the insert fails.
 */
public final class MongoMembers implements Members {
  private static final String OPERATOR = "operator";

  private final MongoCollection<Document> users;
  private final ConditionalCounter seats;

  public MongoMembers(MongoDatabase database) {
    this.users = database.getCollection(Schema.USERS);
    this.seats = new ConditionalCounter(database.getCollection(Schema.SEAT_COUNTERS), "members");
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
}

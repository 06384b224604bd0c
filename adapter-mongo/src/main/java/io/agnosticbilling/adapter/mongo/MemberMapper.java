package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import org.bson.Document;

/** Maps a member to its document in {@code users}. */
final class MemberMapper {
  private MemberMapper() {}

  static Document toDocument(Member member) {
    return new Document("_id", member.id().value())
        .append("organizationId", member.organizationId().value())
        .append("email", member.email().value())
        .append("passwordHash", member.passwordHash())
        .append("role", member.role().wireName())
        .append("createdAt", date(member.createdAt()));
  }

  static Member fromDocument(Document document) {
    StoredDocument d = StoredDocument.of(Schema.USERS, document);
    return new Member(
        d.parsed("_id", MemberId::of),
        d.parsed("organizationId", OrganizationId::of),
        d.parsed("email", Email::of),
        d.string("passwordHash"),
        d.named("role", Role::fromWireName),
        d.instant("createdAt"));
  }
}

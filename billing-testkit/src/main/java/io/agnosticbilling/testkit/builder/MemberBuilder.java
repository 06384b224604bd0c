package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * Test-data builder: an admin {@code ada@example.com} of {@code org_1}. The id defaults to one
 * derived from the email, so members built with distinct emails have distinct ids.
 */
public final class MemberBuilder {
  private Optional<MemberId> id = Optional.empty();
  private OrganizationId organizationId = OrganizationId.of("org_1");
  private Email email = Email.of("ada@example.com");
  private String passwordHash = "fake:hash";
  private Role role = Role.ADMIN;
  private Instant createdAt = Builders.T0;

  MemberBuilder() {}

  public MemberBuilder id(String id) {
    this.id = Optional.of(MemberId.of(id));
    return this;
  }

  public MemberBuilder organization(String organizationId) {
    return organization(OrganizationId.of(organizationId));
  }

  public MemberBuilder organization(OrganizationId organizationId) {
    this.organizationId = organizationId;
    return this;
  }

  public MemberBuilder email(String email) {
    this.email = Email.of(email);
    return this;
  }

  public MemberBuilder passwordHash(String hash) {
    this.passwordHash = hash;
    return this;
  }

  public MemberBuilder role(Role role) {
    this.role = role;
    return this;
  }

  public MemberBuilder createdAt(Instant at) {
    this.createdAt = at;
    return this;
  }

  public Member build() {
    MemberId memberId =
        id.orElseGet(() -> MemberId.of("usr_" + email.value().replaceAll("[^A-Za-z0-9]", "_")));
    return new Member(memberId, organizationId, email, passwordHash, role, createdAt);
  }
}

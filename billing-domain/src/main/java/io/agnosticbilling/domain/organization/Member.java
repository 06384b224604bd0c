package io.agnosticbilling.domain.organization;

import java.time.Instant;
import java.util.Objects;

/** Entity: a user of an organization, with the hash of the password (never the password). */
public record Member(
    MemberId id,
    OrganizationId organizationId,
    Email email,
    String passwordHash,
    Role role,
    Instant createdAt) {
  public Member {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(email, "'email' must not be null");
    Objects.requireNonNull(passwordHash, "'passwordHash' must not be null");
    Objects.requireNonNull(role, "'role' must not be null");
    Objects.requireNonNull(createdAt, "'createdAt' must not be null");
  }

  @Override
  public String toString() {
    // The hash stays out of logs.
    return "Member[id="
        + id
        + ", organizationId="
        + organizationId
        + ", email="
        + email
        + ", role="
        + role
        + "]";
  }
}

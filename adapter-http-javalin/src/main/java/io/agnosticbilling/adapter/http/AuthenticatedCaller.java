package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import java.util.Objects;

/**
 * Value object: who a verified token speaks for. The organization comes from here only, never from
 * a path or a body.
 */
public record AuthenticatedCaller(
    MemberId memberId, OrganizationId organizationId, Role role, Email email, boolean operator) {
  public AuthenticatedCaller {
    Objects.requireNonNull(memberId, "'memberId' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(role, "'role' must not be null");
    Objects.requireNonNull(email, "'email' must not be null");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }
}

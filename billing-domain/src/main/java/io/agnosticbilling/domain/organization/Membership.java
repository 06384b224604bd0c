package io.agnosticbilling.domain.organization;

import java.util.Objects;

/**
 * Value object: what a member may do right now, as the store says: the organization it belongs to,
 * its role and whether it holds operator rights. Read on every authenticated call, so a removal, a
 * demotion or a withdrawn operator right takes effect at once for tokens already issued.
 */
public record Membership(
    MemberId memberId, OrganizationId organizationId, Role role, boolean operator) {
  public Membership {
    Objects.requireNonNull(memberId, "'memberId' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(role, "'role' must not be null");
  }
}

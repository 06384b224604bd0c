package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;

/**
 * Use case: an admin changes a member's role. The organization always keeps an admin: demoting the
 * last one is refused ({@code ConflictException} {@code last_admin}), decided by the store in the
 * same atomic step as the change, so two admins demoting each other at once never leave none.
 */
public interface ChangeMemberRole {

  /**
   * The member with its new role (unchanged when it had the role already); {@code
   * NotFoundException} {@code member_not_found} when the organization has no such member.
   */
  Member changeRole(OrganizationId organizationId, MemberId memberId, Role role);
}

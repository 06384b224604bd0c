package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;

/**
 * Use case: an admin removes a member, freeing its seat (how an organization over its seat limit
 * after a downgrade gets back under it). Removing the last admin is refused ({@code
 * ConflictException} {@code last_admin}) in the same atomic step as the removal; the removed
 * member's tokens stop working at once ({@link CurrentMembership}).
 */
public interface RemoveMember {

  /**
   * {@code NotFoundException} {@code member_not_found} when the organization has no such member.
   */
  void removeMember(OrganizationId organizationId, MemberId memberId);
}

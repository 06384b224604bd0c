package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;

/** Use case: add a member within the seat limit of the effective plan. */
public interface AddMember {

  Member addMember(OrganizationId organizationId, Command command);

  /** The new member's details. */
  record Command(String email, String password, Role role) {}
}

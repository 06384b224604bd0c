package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.util.List;

/** Use case: the members of an organization. */
public interface ListMembers {

  List<Member> members(OrganizationId organizationId);
}

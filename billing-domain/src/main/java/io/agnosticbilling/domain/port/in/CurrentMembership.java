package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import java.util.Optional;

/**
 * Use case: who a token's member is now (organization, role, operator flag), one lookup by id in
 * the store; empty once the member is removed. Authentication asks it on every call, so tokens
 * carry identity only and never outlive a removal or a demotion.
 */
public interface CurrentMembership {

  Optional<Membership> membership(MemberId memberId);
}

package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.usage.LimitExceeded;
import java.util.Objects;

/**
 * Use case: add a member within the seat limit of the effective plan. A full plan is a refusal
 * value with the figures, the same shape as {@link RecordUsage}'s; bad input still throws.
 */
public interface AddMember {

  MemberOutcome addMember(OrganizationId organizationId, Command command);

  /** The new member's details. */
  record Command(String email, String password, Role role) {}

  /** What adding a member decided. */
  sealed interface MemberOutcome permits Added, Refused {}

  /** Added. */
  record Added(Member member) implements MemberOutcome {
    public Added {
      Objects.requireNonNull(member, "'member' must not be null");
    }
  }

  /** Refused: the effective plan has no seat left; carries the figures and the upgrade. */
  record Refused(LimitExceeded refusal) implements MemberOutcome {
    public Refused {
      Objects.requireNonNull(refusal, "'refusal' must not be null");
    }
  }
}

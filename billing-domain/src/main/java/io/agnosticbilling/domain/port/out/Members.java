package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import java.util.List;
import java.util.Optional;

/** Outbound port: storage of members (users), email unique across all organizations. */
public interface Members {

  /**
   * Adds the member only if its email is free and the organization has fewer than {@code seats}
   * members; atomic, so concurrent adds never pass the seat limit.
   */
  AddResult add(Member member, Quota seats);

  Optional<Member> findByEmail(Email email);

  Optional<Member> findById(MemberId id);

  /** Members of the organization, oldest first. */
  List<Member> list(OrganizationId organizationId);

  long count(OrganizationId organizationId);

  /**
   * Sets the member's operator flag (stored with the member, never derived from sign-up); false
   * when no member has this id.
   */
  boolean setOperator(MemberId id, boolean operator);

  /** Whether the member's operator flag is set; false for an unknown id. */
  boolean isOperator(MemberId id);

  /** Members whose operator flag is set, by email. */
  List<Member> operators();

  /**
   * The member's organization, role and operator flag now, in one lookup by id (asked on every
   * authenticated call: keep it one indexed read); empty for an unknown or removed member.
   */
  Optional<Membership> membership(MemberId id);

  /**
   * Gives the member of this organization the role, unless that would leave the organization
   * without an admin. The check and the write are ONE atomic step: concurrent demotions (threads or
   * server instances) never leave an organization with no admin.
   */
  MemberChange changeRole(OrganizationId organizationId, MemberId id, Role role);

  /**
   * Removes the member of this organization and gives its seat back, unless it is the last admin;
   * the check and the removal are ONE atomic step, as for {@link #changeRole}.
   */
  MemberChange remove(OrganizationId organizationId, MemberId id);

  /** The outcome of {@link #changeRole} and {@link #remove}. */
  sealed interface MemberChange permits Changed, NoSuchMember, LastAdmin {}

  /** Done: the member with its new role, or as it was when removed. */
  record Changed(Member member) implements MemberChange {}

  /** The organization has no member with this id (another organization's member included). */
  record NoSuchMember() implements MemberChange {}

  /** Refused: the member is the organization's only admin; nothing changed. */
  record LastAdmin() implements MemberChange {}

  /** The outcome of {@link #add}. */
  sealed interface AddResult permits Added, EmailTaken, SeatLimitReached {}

  /** The member was stored. */
  record Added(Member member) implements AddResult {}

  /** Another member already has this email. */
  record EmailTaken() implements AddResult {}

  /** The organization already has {@code members} members, the seat limit. */
  record SeatLimitReached(long members) implements AddResult {}
}

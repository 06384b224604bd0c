package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
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

  /** The outcome of {@link #add}. */
  sealed interface AddResult permits Added, EmailTaken, SeatLimitReached {}

  /** The member was stored. */
  record Added(Member member) implements AddResult {}

  /** Another member already has this email. */
  record EmailTaken() implements AddResult {}

  /** The organization already has {@code members} members, the seat limit. */
  record SeatLimitReached(long members) implements AddResult {}
}

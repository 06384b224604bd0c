package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import java.util.List;

/**
 * Use case: operator rights, granted and withdrawn only from the server's command line and read
 * from the store on every operator call, so a withdrawal takes effect at once for issued tokens.
 */
public interface ManageOperators {

  /** Makes the member with this email an operator; {@code NotFoundException} when none has it. */
  Member grantOperator(String email);

  /** Withdraws the rights; {@code NotFoundException} when no member has this email. */
  Member revokeOperator(String email);

  /** The operators now, by email. */
  List<Member> operators();

  /** Whether the member is an operator at this moment (false for an unknown id). */
  boolean isOperator(MemberId id);
}

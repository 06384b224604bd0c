package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.ListMembers;
import java.util.Map;

/** Handlers of {@code /api/organization/members}: list for members, add for admins. */
final class MemberHandlers {
  private final ListMembers listMembers;
  private final AddMember addMember;
  private final SafeListener listener;

  MemberHandlers(ListMembers listMembers, AddMember addMember, SafeListener listener) {
    this.listMembers = listMembers;
    this.addMember = addMember;
    this.listener = listener;
  }

  ApiResponse list(ApiCall call) {
    return ApiResponse.ok(
        listMembers.members(call.organizationId()).stream()
            .map(BillingJsonMapper::member)
            .toList());
  }

  ApiResponse add(ApiCall call) {
    JsonBody body = call.json();
    String email = body.requiredText("email");
    String password = body.requiredText("password");
    Role role =
        body.optionalText("role")
            .map(
                r ->
                    Role.fromWireName(r)
                        .orElseThrow(
                            () -> ApiException.invalid("role", "'role' must be admin or member")))
            .orElse(Role.MEMBER);
    AddMember.MemberOutcome outcome =
        addMember.addMember(call.organizationId(), new AddMember.Command(email, password, role));
    if (outcome instanceof AddMember.Refused refused) {
      listener.limitRefused(refused.refusal());
      throw new ApiException(ProblemMapper.limitExceeded(refused.refusal(), Map.of()));
    }
    return ApiResponse.created(BillingJsonMapper.member(((AddMember.Added) outcome).member()));
  }
}

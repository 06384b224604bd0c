package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.ChangeMemberRole;
import io.agnosticbilling.domain.port.in.ListMembers;
import io.agnosticbilling.domain.port.in.RemoveMember;
import java.util.Map;

/**
 * Handlers of {@code /api/organization/members}: list for members; add, change a role and remove
 * for admins. The organization is the caller's; a member id of another organization is 404.
 */
final class MemberHandlers {
  private final ListMembers listMembers;
  private final AddMember addMember;
  private final ChangeMemberRole changeMemberRole;
  private final RemoveMember removeMember;
  private final SafeListener listener;

  MemberHandlers(
      ListMembers listMembers,
      AddMember addMember,
      ChangeMemberRole changeMemberRole,
      RemoveMember removeMember,
      SafeListener listener) {
    this.listMembers = listMembers;
    this.addMember = addMember;
    this.changeMemberRole = changeMemberRole;
    this.removeMember = removeMember;
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
    Role role = body.optionalText("role").map(MemberHandlers::role).orElse(Role.MEMBER);
    AddMember.MemberOutcome outcome =
        addMember.addMember(call.organizationId(), new AddMember.Command(email, password, role));
    if (outcome instanceof AddMember.Refused refused) {
      listener.limitRefused(refused.refusal());
      throw new ApiException(ProblemMapper.limitExceeded(refused.refusal(), Map.of()));
    }
    return ApiResponse.created(BillingJsonMapper.member(((AddMember.Added) outcome).member()));
  }

  ApiResponse changeRole(ApiCall call) {
    MemberId member = userId(call);
    Role role = role(call.json().requiredText("role"));
    return ApiResponse.ok(
        BillingJsonMapper.member(changeMemberRole.changeRole(call.organizationId(), member, role)));
  }

  ApiResponse remove(ApiCall call) {
    removeMember.removeMember(call.organizationId(), userId(call));
    return ApiResponse.noContent();
  }

  private static MemberId userId(ApiCall call) {
    try {
      return MemberId.of(call.pathParam("userId"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("userId", "'userId' is not a member id");
    }
  }

  private static Role role(String wireName) {
    return Role.fromWireName(wireName)
        .orElseThrow(() -> ApiException.invalid("role", "'role' must be admin or member"));
  }
}

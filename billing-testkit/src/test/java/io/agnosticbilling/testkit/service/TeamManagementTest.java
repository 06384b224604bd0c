package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ChangeMemberRole, RemoveMember and CurrentMembership through the facade. */
class TeamManagementTest {
  static final String PASSWORD = "correct horse";

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  @Test
  @DisplayName("an admin promotes a member and demotes itself: roles and memberships follow")
  void rolesChange() {
    SignUp.SignedUp ada = billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme"));
    OrganizationId org = ada.organization().id();
    Member bob = add(org, "bob@example.com", Role.MEMBER);

    Member promoted = billing.changeRole(org, bob.id(), Role.ADMIN);
    Member demoted = billing.changeRole(org, ada.member().id(), Role.MEMBER);

    assertThat(promoted.role()).isEqualTo(Role.ADMIN);
    assertThat(demoted.role()).isEqualTo(Role.MEMBER);
    assertThat(billing.membership(bob.id()))
        .contains(new Membership(bob.id(), org, Role.ADMIN, false));
    assertThat(billing.membership(ada.member().id()))
        .contains(new Membership(ada.member().id(), org, Role.MEMBER, false));
  }

  @Test
  @DisplayName("the last admin can neither be demoted nor removed: 409 last_admin, nothing changes")
  void lastAdminIsRefused() {
    SignUp.SignedUp ada = billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme"));
    OrganizationId org = ada.organization().id();
    add(org, "bob@example.com", Role.MEMBER);

    assertThatThrownBy(() -> billing.changeRole(org, ada.member().id(), Role.MEMBER))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((BillingException) e).code())
        .isEqualTo("last_admin");
    assertThatThrownBy(() -> billing.removeMember(org, ada.member().id()))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((BillingException) e).code())
        .isEqualTo("last_admin");
    assertThat(billing.members(org))
        .extracting(Member::email)
        .extracting(e -> e.value())
        .containsExactly("ada@example.com", "bob@example.com");
    assertThat(billing.membership(ada.member().id()).map(Membership::role)).contains(Role.ADMIN);
  }

  @Test
  @DisplayName(
      "another organization's member is 'not found' for removal and role change, never touched")
  void otherOrganizationIsNotFound() {
    OrganizationId acme =
        billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme")).organization().id();
    SignUp.SignedUp eve = billing.signUp(new SignUp.Command("eve@example.com", PASSWORD, "Evil"));
    Member evesMember = add(eve.organization().id(), "mal@example.com", Role.MEMBER);

    for (MemberId target : List.of(eve.member().id(), evesMember.id(), MemberId.of("usr_nope"))) {
      assertThatThrownBy(() -> billing.removeMember(acme, target))
          .isInstanceOf(NotFoundException.class)
          .extracting(e -> ((BillingException) e).code())
          .isEqualTo("member_not_found");
      assertThatThrownBy(() -> billing.changeRole(acme, target, Role.ADMIN))
          .isInstanceOf(NotFoundException.class);
    }
    assertThat(billing.members(eve.organization().id())).hasSize(2);
    assertThat(billing.membership(evesMember.id()).map(Membership::role)).contains(Role.MEMBER);
  }

  @Test
  @DisplayName("a role change without a role is invalid input naming 'role'")
  void roleIsRequired() {
    SignUp.SignedUp ada = billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme"));

    assertThatThrownBy(() -> billing.changeRole(ada.organization().id(), ada.member().id(), null))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("role"));
  }

  @Test
  @DisplayName(
      "an organization over its seat limit after a downgrade gets back under it by removing"
          + " members: overLimit turns false, adding is refused at the limit and allowed below")
  void overLimitGetsBackUnderByRemoving() {
    SignUp.SignedUp ada = billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme"));
    OrganizationId org = ada.organization().id();
    // Five members taken while a bigger plan was effective; now Free (3 seats) is.
    List<Member> taken =
        List.of("b", "c", "d", "e").stream()
            .map(
                n ->
                    aMember()
                        .id("usr_" + n)
                        .organization(org)
                        .email(n + "@example.com")
                        .role(Role.MEMBER)
                        .build())
            .toList();
    taken.forEach(m -> fixture.members.add(m, Quota.unlimited()));
    assertThat(billing.overview(org).overLimit()).isTrue();
    assertThat(billing.addMember(org, command("f@example.com")))
        .isInstanceOf(AddMember.Refused.class);

    billing.removeMember(org, taken.get(0).id());
    assertThat(billing.overview(org).overLimit()).as("4 of 3").isTrue();
    billing.removeMember(org, taken.get(1).id());

    assertThat(billing.overview(org).overLimit()).as("3 of 3").isFalse();
    assertThat(billing.overview(org).usage().get(Metric.USERS).used()).isEqualTo(3);
    AddMember.MemberOutcome atLimit = billing.addMember(org, command("f@example.com"));
    assertThat(atLimit).isInstanceOf(AddMember.Refused.class);
    assertThat(((AddMember.Refused) atLimit).refusal().used()).isEqualTo(3);

    billing.removeMember(org, taken.get(2).id());
    assertThat(billing.addMember(org, command("f@example.com")))
        .isInstanceOf(AddMember.Added.class);
    assertThat(billing.overview(org).overLimit()).isFalse();
  }

  private Member add(OrganizationId org, String email, Role role) {
    AddMember.MemberOutcome outcome =
        billing.addMember(org, new AddMember.Command(email, PASSWORD, role));
    return ((AddMember.Added) outcome).member();
  }

  private static AddMember.Command command(String email) {
    return new AddMember.Command(email, PASSWORD, Role.MEMBER);
  }
}

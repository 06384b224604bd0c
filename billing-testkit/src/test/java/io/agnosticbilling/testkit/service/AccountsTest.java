package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.service.Seed.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.AuthenticationFailedException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SignUp, LogIn and ListMembers. */
class AccountsTest {
  static final String PASSWORD = "correct horse";

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  static Stream<Arguments> invalidSignUps() {
    return Stream.of(
        Arguments.of("email without @", "ada.example.com", PASSWORD, "Acme", "email"),
        Arguments.of("blank email", "  ", PASSWORD, "Acme", "email"),
        Arguments.of("password of 7 bytes", "ada@example.com", "1234567", "Acme", "password"),
        Arguments.of("password of 73 bytes", "ada@example.com", "p".repeat(73), "Acme", "password"),
        Arguments.of(
            "password of 37 characters but 74 bytes",
            "ada@example.com",
            "é".repeat(37),
            "Acme",
            "password"),
        Arguments.of("no password", "ada@example.com", null, "Acme", "password"),
        Arguments.of(
            "blank organization name", "ada@example.com", PASSWORD, "   ", "organizationName"),
        Arguments.of(
            "organization name of 201 characters",
            "ada@example.com",
            PASSWORD,
            "a".repeat(201),
            "organizationName"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSignUps")
  @DisplayName("an invalid sign-up names the field and creates neither organization nor member")
  void invalidSignUp(String name, String email, String password, String org, String field) {
    assertThatThrownBy(() -> billing.signUp(new SignUp.Command(email, password, org)))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    assertThat(organizationCount()).isZero();
    assertThat(fixture.members.findByEmail(Email.of("ada@example.com"))).isEmpty();
  }

  @Test
  @DisplayName("the password length is counted in bytes: 72 ASCII and 4 two-byte characters fit")
  void passwordBoundsInBytes() {
    billing.signUp(new SignUp.Command("ada@example.com", "p".repeat(72), "Acme"));
    billing.signUp(new SignUp.Command("bob@example.com", "éééé", "Bobco"));

    assertThat(billing.logIn("ada@example.com", "p".repeat(72)).member().email().value())
        .isEqualTo("ada@example.com");
    assertThat(billing.logIn("bob@example.com", "éééé").member().email().value())
        .isEqualTo("bob@example.com");
    assertThat(organizationCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("an email already taken, in any case, is email_taken and creates no organization")
  void emailTakenIgnoresCase() {
    SignUp.SignedUp first = billing.signUp(new SignUp.Command("Ada@Example.com", PASSWORD, "Acme"));

    assertThatThrownBy(
            () -> billing.signUp(new SignUp.Command("  ADA@example.COM ", "other pass", "Copycat")))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("email_taken"));
    assertThat(organizationCount()).isEqualTo(1);
    assertThat(billing.members(first.organization().id())).hasSize(1);
    assertThat(billing.logIn("ada@example.com", PASSWORD).member().organizationId())
        .isEqualTo(first.organization().id());
  }

  @Test
  @DisplayName("adding a member with an email taken in another organization is email_taken")
  void addMemberEmailTaken() {
    billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme"));
    OrganizationId other =
        billing
            .signUp(new SignUp.Command("bob@example.com", PASSWORD, "Bobco"))
            .organization()
            .id();

    assertThatThrownBy(
            () ->
                billing.addMember(
                    other, new AddMember.Command("ADA@example.com", PASSWORD, Role.MEMBER)))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("email_taken"));
    assertThat(billing.members(other)).hasSize(1);
  }

  @Test
  @DisplayName(
      "unknown email, wrong password and malformed email fail with one and the same message")
  void loginFailuresLookAlike() {
    billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme"));

    Throwable unknown = catchThrowable(() -> billing.logIn("nobody@example.com", PASSWORD));
    Throwable wrong = catchThrowable(() -> billing.logIn("ada@example.com", "wrong horse"));
    Throwable malformed = catchThrowable(() -> billing.logIn("not an email", PASSWORD));
    Throwable missing = catchThrowable(() -> billing.logIn("ada@example.com", null));

    assertThat(unknown).isInstanceOf(AuthenticationFailedException.class);
    assertThat(wrong).isInstanceOf(AuthenticationFailedException.class);
    assertThat(malformed).isInstanceOf(AuthenticationFailedException.class);
    assertThat(missing).isInstanceOf(AuthenticationFailedException.class);
    assertThat(wrong).hasMessage(unknown.getMessage());
    assertThat(malformed).hasMessage(unknown.getMessage());
    assertThat(missing).hasMessage(unknown.getMessage());
    assertThat(billing.logIn(" ADA@example.com", PASSWORD).member().email().value())
        .isEqualTo("ada@example.com");
  }

  @Test
  @DisplayName("members are listed per organization in the order they joined, with their roles")
  void membersListing() {
    OrganizationId acme =
        billing.signUp(new SignUp.Command("ada@example.com", PASSWORD, "Acme")).organization().id();
    OrganizationId bobco =
        billing
            .signUp(new SignUp.Command("bob@example.com", PASSWORD, "Bobco"))
            .organization()
            .id();
    fixture.clock.advance(Duration.ofMinutes(1));
    billing.addMember(acme, new AddMember.Command("cy@example.com", PASSWORD, Role.MEMBER));

    assertThat(billing.members(acme))
        .extracting(m -> m.email().value(), Member::role)
        .containsExactly(
            tuple("ada@example.com", Role.ADMIN), tuple("cy@example.com", Role.MEMBER));
    assertThat(billing.members(bobco))
        .extracting(m -> m.email().value())
        .containsExactly("bob@example.com");
    assertThat(billing.members(acme)).extracting(Member::passwordHash).doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName("members of an unknown organization are not found")
  void membersOfUnknownOrganization() {
    assertThatThrownBy(() -> billing.members(OrganizationId.of("org_nobody")))
        .isInstanceOf(NotFoundException.class);
  }

  private long organizationCount() {
    return billing.metrics().organizationsByPlan().values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }
}

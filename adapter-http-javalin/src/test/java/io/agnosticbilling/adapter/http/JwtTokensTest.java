package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.in.CurrentMembership;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JwtTokens: the token says who, the store says what now")
class JwtTokensTest {
  private static final Member ADA =
      new Member(
          MemberId.of("usr_ada"),
          OrganizationId.of("org_1"),
          Email.of("ada@example.com"),
          "hash",
          Role.ADMIN,
          Instant.parse("2025-03-10T12:00:00Z"));

  private final MutableClock clock = new MutableClock(ADA.createdAt());
  private final AtomicReference<Optional<Membership>> stored =
      new AtomicReference<>(
          Optional.of(new Membership(ADA.id(), ADA.organizationId(), Role.ADMIN, false)));
  private final JwtTokens tokens =
      new JwtTokens(HttpSettings.defaults(ApiHarness.SECRET), id -> stored.get(), clock);

  @Test
  @DisplayName("the caller's role is the store's now, not the token's claim")
  void roleComesFromTheStore() {
    String token = tokens.issue(ADA).token();
    stored.set(Optional.of(new Membership(ADA.id(), ADA.organizationId(), Role.MEMBER, false)));

    assertThat(tokens.verify(token)).map(AuthenticatedCaller::role).contains(Role.MEMBER);
  }

  @Test
  @DisplayName("no member in the store, or one of another organization: not a caller")
  void goneOrMovedIsNoCaller() {
    String token = tokens.issue(ADA).token();

    stored.set(Optional.empty());
    assertThat(tokens.verify(token)).isEmpty();
    stored.set(
        Optional.of(new Membership(ADA.id(), OrganizationId.of("org_2"), Role.ADMIN, false)));
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  @DisplayName("a store that fails is a failure (answered 5xx), never 'no caller' (401)")
  void storeFailureIsNotAnInvalidToken() {
    String token = tokens.issue(ADA).token();
    CurrentMembership broken =
        id -> {
          throw new IllegalStateException("database down");
        };
    JwtTokens failing = new JwtTokens(HttpSettings.defaults(ApiHarness.SECRET), broken, clock);

    assertThatThrownBy(() -> failing.verify(token)).hasMessage("database down");
  }
}

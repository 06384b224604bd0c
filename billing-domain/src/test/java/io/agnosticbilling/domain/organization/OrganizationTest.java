package io.agnosticbilling.domain.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OrganizationTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  static Subscription sub(String id, SubscriptionStatus status, PlanId plan, Instant started) {
    return new Subscription(
        id,
        "cus_1",
        status,
        plan,
        "price_" + plan,
        started,
        started.plus(Duration.ofDays(30)),
        false,
        Optional.empty(),
        Optional.empty(),
        started,
        started.getEpochSecond());
  }

  @Test
  @DisplayName("a new organization is on the free plan, at version 0, with no customer")
  void created() {
    Organization org = Organization.create(OrganizationId.of("org_1"), "  Acme  ", T0);
    assertThat(org.name()).isEqualTo("Acme");
    assertThat(org.version()).isZero();
    assertThat(org.customerId()).isEmpty();
    assertThat(org.effectivePlan(PlanCatalog.defaults(), AccessPolicy.defaults(), T0).id())
        .isEqualTo(PlanId.FREE);
    assertThatThrownBy(() -> Organization.create(OrganizationId.of("org_2"), " ", T0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("organizationName");
  }

  @Test
  @DisplayName("the current subscription is the newest live one; a later one starts fresh")
  void currentSubscription() {
    Organization org =
        Organization.restore(
            OrganizationId.of("org_1"),
            "Acme",
            T0,
            Optional.of("cus_1"),
            List.of(
                sub("sub_old", SubscriptionStatus.CANCELED, PlanId.ENTERPRISE, T0),
                sub(
                    "sub_new",
                    SubscriptionStatus.ACTIVE,
                    PlanId.TEAM,
                    T0.plus(Duration.ofDays(40)))),
            Optional.empty(),
            7);
    assertThat(org.currentSubscription()).map(Subscription::id).contains("sub_new");
    assertThat(
            org.effectivePlan(
                    PlanCatalog.defaults(), AccessPolicy.defaults(), T0.plus(Duration.ofDays(41)))
                .id())
        .isEqualTo(PlanId.TEAM);

    Organization onlyEnded =
        Organization.restore(
            OrganizationId.of("org_1"),
            "Acme",
            T0,
            Optional.of("cus_1"),
            List.of(sub("sub_old", SubscriptionStatus.CANCELED, PlanId.ENTERPRISE, T0)),
            Optional.empty(),
            7);
    assertThat(onlyEnded.currentSubscription()).map(Subscription::id).contains("sub_old");
    assertThat(onlyEnded.effectivePlan(PlanCatalog.defaults(), AccessPolicy.defaults(), T0).id())
        .isEqualTo(PlanId.FREE);
  }

  @Test
  @DisplayName("restoring refuses a subscription stored twice")
  void restoreChecksInvariants() {
    Subscription s = sub("sub_1", SubscriptionStatus.ACTIVE, PlanId.TEAM, T0);
    assertThatThrownBy(
            () ->
                Organization.restore(
                    OrganizationId.of("org_1"),
                    "Acme",
                    T0,
                    Optional.empty(),
                    List.of(s, s),
                    Optional.empty(),
                    1))
        .hasMessageContaining("stored twice");
  }

  @Test
  @DisplayName("emails are normalized and checked")
  void emails() {
    assertThat(Email.of("  Ada@Example.COM ").value()).isEqualTo("ada@example.com");
    assertThatThrownBy(() -> Email.of("not-an-email")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Email.of(null)).isInstanceOf(InvalidInputException.class);
  }
}

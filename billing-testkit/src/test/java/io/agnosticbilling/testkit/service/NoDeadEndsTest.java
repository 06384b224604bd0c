package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No subscription state is a dead end: commands on one that is not live say what to do next (a new
 * Checkout from those states is in {@code CheckoutAndSubscriptionCommandsTest}).
 */
class NoDeadEndsTest {
  static final Email PAYER = Email.of("ada@example.com");

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  @ParameterizedTest(name = "{0}")
  @MethodSource(
      "io.agnosticbilling.testkit.service.CheckoutAndSubscriptionCommandsTest#subscriptionCommands")
  @DisplayName("change, cancel and resume of an unpaid subscription say to pay in the Portal")
  void unpaidSaysWhatToDo(String name, BiConsumer<Billing, OrganizationId> action) {
    OrganizationId org =
        Seed.subscribed(
            fixture, team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.UNPAID).build());

    assertThatThrownBy(() -> action.accept(billing, org))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("no_live_subscription");
              assertThat(e.getMessage())
                  .contains("unpaid")
                  .contains("billing portal")
                  .contains("new checkout");
            });
    assertThat(fixture.provider.calls()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(
      "io.agnosticbilling.testkit.service.CheckoutAndSubscriptionCommandsTest#subscriptionCommands")
  @DisplayName("change, cancel and resume of a paused subscription say to resume it in the Portal")
  void pausedSaysWhatToDo(String name, BiConsumer<Billing, OrganizationId> action) {
    OrganizationId org =
        Seed.subscribed(
            fixture, team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.PAUSED).build());

    assertThatThrownBy(() -> action.accept(billing, org))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("paused")
                    .contains("billing portal")
                    .contains("new checkout"));
  }

  @Test
  @DisplayName("the already-subscribed refusal reads as English: 'an active subscription'")
  void refusalGrammar() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    assertThatThrownBy(() -> billing.startCheckout(org, PlanId.ENTERPRISE, PAYER))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("an active subscription")
        .hasMessageNotContaining("a active");
  }
}

package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.ChangePlan;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Change plan, cancel and resume act on the provider's current state, not the stored copy. */
class CommandsOnProviderStateTest {
  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  @Test
  @DisplayName("resume asks the provider when the stored copy says 'not canceling' (late webhook)")
  void resumeWhenStoredCopyIsBehind() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());
    fixture.provider.putSubscription(
        team("sub_1", "cus_1", "org_1").cancelAtPeriodEnd(true).build());

    billing.resume(org);

    assertThat(fixture.provider.calls("resume")).hasSize(1);
    assertThat(fixture.provider.subscription("sub_1").orElseThrow().cancelAtPeriodEnd()).isFalse();
    assertThat(stored(org).cancelAtPeriodEnd()).isFalse();
  }

  @Test
  @DisplayName("cancel asks the provider when the stored copy says 'canceling' but it was resumed")
  void cancelWhenStoredCopyIsBehind() {
    OrganizationId org =
        Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").cancelAtPeriodEnd(true).build());
    fixture.provider.putSubscription(team("sub_1", "cus_1", "org_1").build());

    billing.cancel(org);

    assertThat(fixture.provider.calls("cancelAtPeriodEnd")).hasSize(1);
    assertThat(stored(org).cancelAtPeriodEnd()).isTrue();
  }

  @Test
  @DisplayName("a change back to the stored plan swaps the price when the provider is elsewhere")
  void changePlanWhenStoredCopyIsBehind() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());
    fixture.provider.putSubscription(Seed.enterprise("sub_1", "cus_1", "org_1").build());

    billing.changePlan(org, PlanId.TEAM, Optional.of(ChangePlan.When.NOW));

    assertThat(fixture.provider.calls("changePrice").get(0).arguments())
        .containsExactly("sub_1", InMemoryBilling.TEAM_PRICE);
    assertThat(stored(org).priceId()).isEqualTo(InMemoryBilling.TEAM_PRICE);
  }

  @Test
  @DisplayName(
      "a subscription the provider already ended is stored as ended, and the command says so")
  void providerSaysEnded() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());
    fixture.provider.putSubscription(
        team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.CANCELED).build());

    assertThatThrownBy(() -> billing.cancel(org))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.code()).isEqualTo("no_live_subscription");
              assertThat(e.getMessage()).contains("new checkout");
            });
    assertThat(fixture.provider.calls("cancelAtPeriodEnd")).isEmpty();
    assertThat(stored(org).status()).isEqualTo(SubscriptionStatus.CANCELED);
  }

  @Test
  @DisplayName(
      "a provider write whose local save fails is its own 5xx refusal, healed by the next event")
  void writeSucceededButSaveFailed() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());
    AtomicBoolean storeDown = new AtomicBoolean(true);
    Billing failingSaves =
        Seed.anotherInstance(
            fixture, savesFailingWhile(storeDown), fixture.provider, billing.catalog());

    assertThatThrownBy(() -> failingSaves.cancel(org))
        .isInstanceOfSatisfying(
            BillingException.class,
            e -> {
              assertThat(e.code()).isEqualTo("provider_change_not_saved");
              assertThat(e.getMessage()).contains("payment provider").contains("not repeat");
            });
    assertThat(fixture.provider.calls("cancelAtPeriodEnd")).hasSize(1);
    assertThat(stored(org).cancelAtPeriodEnd()).as("not saved yet").isFalse();

    storeDown.set(false);
    SubscriptionSnapshot atProvider = fixture.provider.subscription("sub_1").orElseThrow();
    BillingEvent event =
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_late")
            .created(NOW)
            .subscription(atProvider)
            .build();
    billing.handle(event, Seed.payload(event));

    assertThat(stored(org).cancelAtPeriodEnd()).as("healed by the provider's event").isTrue();
  }

  private Subscription stored(OrganizationId org) {
    return fixture.organizations.find(org).orElseThrow().subscription("sub_1").orElseThrow();
  }

  /** The fixture's organizations, except that every save fails while {@code down} is set. */
  private Organizations savesFailingWhile(AtomicBoolean down) {
    return (Organizations)
        Proxy.newProxyInstance(
            Organizations.class.getClassLoader(),
            new Class<?>[] {Organizations.class},
            (proxy, method, args) -> {
              if (method.getName().equals("save") && down.get()) {
                throw new IllegalStateException("store unreachable");
              }
              try {
                return method.invoke(fixture.organizations, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}

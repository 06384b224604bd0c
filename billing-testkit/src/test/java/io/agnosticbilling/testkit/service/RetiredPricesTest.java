package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * After a price change the catalog sells a new price; subscribers on the old one keep their plan,
 * recognized by the plan's former prices or its product, and a subscription that has ended ends the
 * paid plan whatever its price.
 */
class RetiredPricesTest {
  static final Instant T = NOW.minusSeconds(30);
  static final String RETIRED_TEAM_PRICE = "price_team_2025";
  static final String TEAM_PRODUCT = "prod_agnostic_team";

  final FakePaymentEvents paymentEvents = new FakePaymentEvents();
  final InMemoryBilling fixture =
      new InMemoryBilling(
          NOW,
          BillingSettings.defaults()
              .withCatalog(
                  PlanCatalog.defaults()
                      .withFormerPriceIds(Map.of(PlanId.TEAM, Set.of(RETIRED_TEAM_PRICE)))
                      .withProviderProducts(Map.of(PlanId.TEAM, TEAM_PRODUCT))),
          paymentEvents);

  @Test
  @DisplayName("an event naming a former price of Team applies Team")
  void formerPriceKeepsThePlan() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    EventOutcome outcome =
        handle(
            event(
                "evt_1",
                Change.UPDATED,
                team("sub_1", "cus_1", "org_1").price(RETIRED_TEAM_PRICE)));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(plan(org)).isEqualTo(PlanId.TEAM);
    assertThat(fixture.billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
  }

  @Test
  @DisplayName("an event naming an unlisted price of the Team plan's product applies Team")
  void productKeepsThePlan() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    EventOutcome outcome =
        handle(
            event(
                "evt_1",
                Change.UPDATED,
                team("sub_1", "cus_1", "org_1").price("price_team_2024").product(TEAM_PRODUCT)));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(plan(org)).isEqualTo(PlanId.TEAM);
  }

  @Test
  @DisplayName(
      "a price of no plan on a live subscription is still an error in the log, never a downgrade,"
          + " even with a product that is no plan's")
  void unknownPriceOfAnotherProductStillFails() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    BillingEvent event =
        event(
            "evt_1",
            Change.UPDATED,
            team("sub_1", "cus_1", "org_1").price("price_other").product("prod_other"));

    assertThatThrownBy(() -> handle(event))
        .isInstanceOf(EventProcessingException.class)
        .hasMessageContaining("unknown price price_other");
    assertThat(fixture.organizations.find(org).orElseThrow().subscriptions()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "INCOMPLETE_EXPIRED"})
  @DisplayName(
      "a subscription that has ended on a price of no plan ends the paid plan: Free, no error")
  void endedSubscriptionEndsThePaidPlanWhateverItsPrice(SubscriptionStatus ended) {
    SubscriptionSnapshotBuilder subscribed = team("sub_1", "cus_1", "org_1");
    OrganizationId org = Seed.subscribed(fixture, subscribed.build());
    assertThat(fixture.billing.overview(org).plan()).isEqualTo(PlanId.TEAM);

    EventOutcome outcome =
        handle(
            event(
                "evt_end",
                Change.DELETED,
                team("sub_1", "cus_1", "org_1")
                    .price("price_nobody_knows")
                    .status(ended)
                    .canceledAt(T)));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(fixture.organizations.find(org).orElseThrow().subscription("sub_1"))
        .map(Subscription::status)
        .contains(ended);
    assertThat(fixture.billing.overview(org).plan()).isEqualTo(PlanId.FREE);
  }

  private static BillingEvent event(String id, Change change, SubscriptionSnapshotBuilder s) {
    return aSubscriptionEvent(change).eventId(id).created(T).subscription(s).build();
  }

  private EventOutcome handle(BillingEvent event) {
    return fixture.billing.handle(event, paymentEvents.payloadOf(event));
  }

  private PlanId plan(OrganizationId org) {
    return fixture
        .organizations
        .find(org)
        .orElseThrow()
        .subscription("sub_1")
        .map(Subscription::plan)
        .orElseThrow();
  }
}

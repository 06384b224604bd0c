package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.DriftReport;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ReconcileSubscriptions: each provider subscription lands in the right bucket of the report. */
class ReconciliationTest {
  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  OrganizationId inSync;
  OrganizationId statusDrift;
  OrganizationId cancelDrift;
  OrganizationId missing;
  OrganizationId badPrice;

  /**
   * The provider lists, in this order: one with an unknown price (first, so a failure must not stop
   * the run), one in sync, two drifted, one unknown locally, one of nobody.
   */
  @BeforeEach
  void providerAndLocalState() {
    badPrice = Seed.organization(fixture, "org_bad_price");
    fixture.provider.putSubscription(
        team("sub_bad_price", "cus_bp", "org_bad_price").price("price_legacy").build());

    inSync = Seed.subscribed(fixture, team("sub_sync", "cus_s", "org_sync").build());

    statusDrift = Seed.subscribed(fixture, team("sub_status", "cus_st", "org_status").build());
    fixture.provider.putSubscription(
        team("sub_status", "cus_st", "org_status").status(SubscriptionStatus.PAST_DUE).build());

    cancelDrift = Seed.subscribed(fixture, team("sub_cancel", "cus_c", "org_cancel").build());
    fixture.provider.putSubscription(
        team("sub_cancel", "cus_c", "org_cancel").cancelAtPeriodEnd(true).build());

    missing = Seed.organization(fixture, "org_missing");
    fixture.provider.putSubscription(
        Seed.enterprise("sub_missing", "cus_m", "org_missing").build());

    fixture.provider.putSubscription(
        team("sub_orphan", "cus_nobody", "x").withoutOrganization().build());
  }

  @Test
  @DisplayName("the drift report puts each provider subscription in its bucket")
  void buckets() {
    DriftReport report = billing.reconcile();

    assertThat(report.checked()).isEqualTo(6);
    assertThat(report.inSync()).isEqualTo(1);
    assertThat(report.drifted()).containsExactly("sub_status", "sub_cancel");
    assertThat(report.missingLocally()).containsExactly("sub_missing");
    assertThat(report.unresolved()).containsExactly("sub_orphan");
    assertThat(report.failed())
        .singleElement()
        .asString()
        .startsWith("sub_bad_price")
        .contains("unknown price price_legacy");
  }

  @Test
  @DisplayName(
      "a subscription the provider adapter cannot read is failed with its reason; the run goes on")
  void unreadableSubscriptionIsReportedAndTheRunGoesOn() {
    fixture.provider.putUnreadable("sub_odd", "missing items.data[0].price.id");
    fixture.provider.putSubscription(
        team("sub_after", "cus_a", "org_missing").status(SubscriptionStatus.ACTIVE).build());

    DriftReport report = billing.reconcile();

    assertThat(report.checked()).isEqualTo(8);
    assertThat(report.failed()).contains("sub_odd: missing items.data[0].price.id").hasSize(2);
    assertThat(report.drifted()).containsExactly("sub_status", "sub_cancel");
    assertThat(report.missingLocally()).contains("sub_missing", "sub_after");
  }

  @Test
  @DisplayName("drifted and missing subscriptions take the provider's state; the rest is untouched")
  void localStateUpdated() {
    Organization syncBefore = organization(inSync);

    billing.reconcile();

    assertThat(subscription(statusDrift, "sub_status").status())
        .isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(subscription(cancelDrift, "sub_cancel").cancelAtPeriodEnd()).isTrue();
    assertThat(billing.overview(cancelDrift).accessEndsAt()).contains(Seed.PERIOD_END);
    assertThat(subscription(missing, "sub_missing").plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(billing.overview(missing).plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(organization(missing).customerId()).contains("cus_m");
    assertThat(organization(inSync)).isEqualTo(syncBefore);
    assertThat(organization(badPrice).subscriptions()).as("never a silent downgrade").isEmpty();
  }

  @Test
  @DisplayName("a second run finds everything it could apply in sync")
  void secondRunInSync() {
    billing.reconcile();

    DriftReport second = billing.reconcile();

    assertThat(second.checked()).isEqualTo(6);
    assertThat(second.inSync()).isEqualTo(4);
    assertThat(second.drifted()).isEmpty();
    assertThat(second.missingLocally()).isEmpty();
    assertThat(second.unresolved()).containsExactly("sub_orphan");
    assertThat(second.failed()).singleElement().asString().startsWith("sub_bad_price");
  }

  @Test
  @DisplayName("a provider event created after the reconciliation still applies")
  void laterEventStillApplies() {
    billing.reconcile();
    SubscriptionSnapshot recovered = team("sub_status", "cus_st", "org_status").build();
    BillingEvent paidAgain =
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_recovered")
            .created(NOW.minusSeconds(10))
            .subscription(recovered)
            .build();

    assertThat(billing.handle(paidAgain, Seed.payload(paidAgain)).status())
        .isEqualTo(WebhookStatus.PROCESSED);
    assertThat(subscription(statusDrift, "sub_status").status())
        .isEqualTo(SubscriptionStatus.ACTIVE);
  }

  @Test
  @DisplayName(
      "a provider state that cannot replace an ended subscription is not reported as drifted")
  void refusedProviderStateIsNotDrift() {
    OrganizationId ended =
        Seed.subscribed(
            fixture,
            team("sub_ended", "cus_e", "org_ended")
                .status(SubscriptionStatus.CANCELED)
                .canceledAt(NOW.minusSeconds(120))
                .build());
    // A listing page read before the cancellation still shows the subscription live.
    fixture.provider.putSubscription(team("sub_ended", "cus_e", "org_ended").build());

    DriftReport report = billing.reconcile();

    assertThat(subscription(ended, "sub_ended").status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(report.drifted())
        .as("drifted means the local state was replaced by the provider's")
        .doesNotContain("sub_ended");
    assertThat(report.kept()).containsExactly("sub_ended");
  }

  private Organization organization(OrganizationId id) {
    return fixture.organizations.find(id).orElseThrow();
  }

  private Subscription subscription(OrganizationId org, String id) {
    return organization(org).subscription(id).orElseThrow();
  }
}

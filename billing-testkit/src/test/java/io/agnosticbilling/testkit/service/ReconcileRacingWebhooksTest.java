package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.concurrent.Race;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Reconciliation is safe beside webhooks: when it races a newer event for the same subscription,
 * the event's state survives whichever save lands first, even though the listing reconciliation
 * works from was read before the event.
 */
class ReconcileRacingWebhooksTest {

  @RepeatedTest(30)
  @DisplayName("a reconciliation working from an older listing never undoes a newer webhook")
  void newerWebhookSurvivesAConcurrentReconciliation() {
    InMemoryBilling fixture = new InMemoryBilling(NOW);
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_race").build());
    SubscriptionSnapshot newest =
        team("sub_1", "cus_1", "org_race").status(SubscriptionStatus.PAST_DUE).build();
    fixture.provider.putSubscription(newest);
    // A listing page read before the change: the subscription still active, canceling at the end.
    SubscriptionSnapshot listed =
        team("sub_1", "cus_1", "org_race").cancelAtPeriodEnd(true).build();
    Billing reconciler =
        Seed.anotherInstance(
            fixture,
            fixture.organizations,
            new ListingReadEarlier(fixture.provider, listed),
            fixture.billing.catalog());

    Race.all(
        2,
        i ->
            i == 0
                ? reconciler.reconcile()
                : fixture.billing.handle(
                    aSubscriptionEvent(Change.UPDATED)
                        .eventId("evt_newest")
                        .created(NOW)
                        .subscription(newest)
                        .build(),
                    "{}"));

    Subscription stored =
        fixture.organizations.find(org).orElseThrow().subscription("sub_1").orElseThrow();
    assertThat(stored.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(stored.cancelAtPeriodEnd()).isFalse();
  }

  /** The provider as it is now, except that its listing was read before the latest change. */
  private record ListingReadEarlier(PaymentProvider now, SubscriptionSnapshot listed)
      implements PaymentProvider {
    @Override
    public Stream<Listed> listSubscriptions() {
      return Stream.of(new Listed.Read(listed));
    }

    @Override
    public Optional<SubscriptionSnapshot> fetchSubscription(String subscriptionId) {
      return now.fetchSubscription(subscriptionId);
    }

    @Override
    public boolean livemode() {
      return now.livemode();
    }

    @Override
    public String createCustomer(OrganizationId organizationId, String name, String email) {
      return now.createCustomer(organizationId, name, email);
    }

    @Override
    public CheckoutSessionCreated createCheckoutSession(CheckoutRequest request) {
      return now.createCheckoutSession(request);
    }

    @Override
    public Optional<String> findPromotionCode(String code) {
      return now.findPromotionCode(code);
    }

    @Override
    public Optional<CheckoutSessionInfo> fetchCheckoutSession(String sessionId) {
      return now.fetchCheckoutSession(sessionId);
    }

    @Override
    public String createPortalSession(String customerId) {
      return now.createPortalSession(customerId);
    }

    @Override
    public SubscriptionSnapshot changePrice(String subscriptionId, String newPriceId) {
      return now.changePrice(subscriptionId, newPriceId);
    }

    @Override
    public SubscriptionSnapshot cancelAtPeriodEnd(String subscriptionId) {
      return now.cancelAtPeriodEnd(subscriptionId);
    }

    @Override
    public SubscriptionSnapshot resume(String subscriptionId) {
      return now.resume(subscriptionId);
    }
  }
}

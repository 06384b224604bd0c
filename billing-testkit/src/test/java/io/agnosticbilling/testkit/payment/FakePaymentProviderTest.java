package io.agnosticbilling.testkit.payment;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.payment.FakePaymentProvider.Call;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakePaymentProviderTest {
  private static final OrganizationId ORG = OrganizationId.of("org_1");
  private final FakePaymentProvider provider = new FakePaymentProvider();

  @Test
  @DisplayName("createCustomer is idempotent per organization and distinct across organizations")
  void createCustomerIdempotent() {
    String first = provider.createCustomer(ORG, "Acme", "ada@example.com");
    String again = provider.createCustomer(ORG, "Acme", "ada@example.com");
    String other = provider.createCustomer(OrganizationId.of("org_2"), "Beta", "b@example.com");

    assertThat(first).isEqualTo("cus_test_1").isEqualTo(again);
    assertThat(other).isEqualTo("cus_test_2");
    assertThat(provider.customerOf(ORG)).contains(first);
  }

  @Test
  @DisplayName("a created Checkout session gets a test id and URL and is fetchable, incomplete")
  void createCheckoutSession() {
    CheckoutRequest request = new CheckoutRequest(ORG, "cus_1", PlanId.TEAM, "price_team");

    CheckoutSessionCreated first = provider.createCheckoutSession(request);
    CheckoutSessionCreated second = provider.createCheckoutSession(request);

    assertThat(first.sessionId()).isEqualTo("cs_test_1");
    assertThat(second.sessionId()).isEqualTo("cs_test_2");
    assertThat(first.url()).startsWith("https://").endsWith("cs_test_1");
    assertThat(provider.fetchCheckoutSession("cs_test_1"))
        .contains(
            new CheckoutSessionInfo(
                "cs_test_1", Optional.of(ORG), Optional.of("cus_1"), Optional.empty(), false));
    assertThat(provider.checkoutRequest("cs_test_1")).contains(request);
  }

  @Test
  @DisplayName("completing a session links it to the subscription, which becomes fetchable")
  void completeCheckout() {
    String sessionId =
        provider
            .createCheckoutSession(new CheckoutRequest(ORG, "cus_1", PlanId.TEAM, "price_team"))
            .sessionId();
    SubscriptionSnapshot subscription = aSubscriptionSnapshot().id("sub_9").build();

    provider.completeCheckout(sessionId, subscription);

    assertThat(provider.fetchCheckoutSession(sessionId))
        .contains(
            new CheckoutSessionInfo(
                sessionId, Optional.of(ORG), Optional.of("cus_1"), Optional.of("sub_9"), true));
    assertThat(provider.fetchSubscription("sub_9")).contains(subscription);
  }

  @Test
  @DisplayName("completing a session that does not exist is refused")
  void completeUnknownSessionRefused() {
    assertThatThrownBy(
            () -> provider.completeCheckout("cs_missing", aSubscriptionSnapshot().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cs_missing");
    assertThat(provider.fetchSubscription("sub_1")).isEmpty();
  }

  @Test
  @DisplayName("unknown sessions and subscriptions are fetched as empty")
  void unknownIsEmpty() {
    assertThat(provider.fetchCheckoutSession("cs_missing")).isEmpty();
    assertThat(provider.fetchSubscription("sub_missing")).isEmpty();
  }

  @Test
  @DisplayName("changePrice, cancelAtPeriodEnd and resume update the stored snapshot")
  void mutationsUpdateSnapshot() {
    provider.putSubscription(aSubscriptionSnapshot().build());

    SubscriptionSnapshot changed = provider.changePrice("sub_1", "price_enterprise");
    SubscriptionSnapshot canceling = provider.cancelAtPeriodEnd("sub_1");

    assertThat(changed.priceId()).isEqualTo("price_enterprise");
    assertThat(changed.cancelAtPeriodEnd()).isFalse();
    assertThat(canceling.priceId()).isEqualTo("price_enterprise");
    assertThat(canceling.cancelAtPeriodEnd()).isTrue();
    assertThat(provider.fetchSubscription("sub_1")).contains(canceling);

    SubscriptionSnapshot resumed = provider.resume("sub_1");

    assertThat(resumed.cancelAtPeriodEnd()).isFalse();
    assertThat(provider.fetchSubscription("sub_1")).contains(resumed);
  }

  @Test
  @DisplayName("updating an unknown subscription fails as an invalid request")
  void updateUnknownFails() {
    assertThatThrownBy(() -> provider.changePrice("sub_missing", "price_team"))
        .isInstanceOfSatisfying(
            PaymentProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST))
        .hasMessageContaining("sub_missing");
  }

  @Test
  @DisplayName("a canceled subscription can no longer be updated, as at Stripe")
  void canceledCannotBeUpdated() {
    SubscriptionSnapshot canceled =
        aSubscriptionSnapshot().status(SubscriptionStatus.CANCELED).build();
    provider.putSubscription(canceled);

    assertThatThrownBy(() -> provider.resume("sub_1"))
        .isInstanceOf(PaymentProviderException.class)
        .hasMessageContaining("canceled");
    assertThat(provider.fetchSubscription("sub_1")).contains(canceled);
  }

  @Test
  @DisplayName("listSubscriptions serves every seeded subscription in the order they were put")
  void listSubscriptions() {
    SubscriptionSnapshot b = aSubscriptionSnapshot().id("sub_b").build();
    SubscriptionSnapshot a = aSubscriptionSnapshot().id("sub_a").build();
    provider.putSubscription(b).putSubscription(a);

    assertThat(provider.listSubscriptions())
        .containsExactly(new PaymentProvider.Listed.Read(b), new PaymentProvider.Listed.Read(a));

    provider.removeSubscription("sub_b");

    assertThat(provider.listSubscriptions()).containsExactly(new PaymentProvider.Listed.Read(a));
  }

  @Test
  @DisplayName("every call is recorded with its method name and arguments, in order")
  void callsAreRecorded() {
    provider.putSubscription(aSubscriptionSnapshot().build());

    provider.createCustomer(ORG, "Acme", "ada@example.com");
    provider.createPortalSession("cus_test_1");
    provider.fetchSubscription("sub_1");
    provider.changePrice("sub_1", "price_enterprise");

    assertThat(provider.calls())
        .containsExactly(
            new Call("createCustomer", List.of(ORG, "Acme", "ada@example.com")),
            new Call("createPortalSession", List.of("cus_test_1")),
            new Call("fetchSubscription", List.of("sub_1")),
            new Call("changePrice", List.of("sub_1", "price_enterprise")));
    assertThat(provider.calls("fetchSubscription")).hasSize(1);
  }

  @Test
  @DisplayName("failNext fails exactly the next call, which is still recorded")
  void failNext() {
    provider.putSubscription(aSubscriptionSnapshot().build());
    PaymentProviderException outage = new PaymentProviderException(Kind.UNREACHABLE, "down");
    provider.failNext(outage);

    assertThatThrownBy(() -> provider.fetchSubscription("sub_1")).isSameAs(outage);
    assertThat(provider.fetchSubscription("sub_1")).isPresent();
    assertThat(provider.calls("fetchSubscription")).hasSize(2);
  }

  @Test
  @DisplayName("failAlways fails every call until recover, and a failed update changes nothing")
  void failAlwaysUntilRecover() {
    SubscriptionSnapshot original = aSubscriptionSnapshot().build();
    provider.putSubscription(original);
    provider.failAlways(new PaymentProviderException(Kind.RATE_LIMITED, "slow down"));

    assertThatThrownBy(() -> provider.cancelAtPeriodEnd("sub_1"))
        .isInstanceOf(PaymentProviderException.class);
    assertThatThrownBy(() -> provider.createPortalSession("cus_1"))
        .isInstanceOf(PaymentProviderException.class);
    assertThat(provider.subscription("sub_1")).contains(original);

    provider.recover();

    assertThat(provider.cancelAtPeriodEnd("sub_1").cancelAtPeriodEnd()).isTrue();
  }

  @Test
  @DisplayName("livemode is false by default and configurable")
  void livemodeConfigurable() {
    assertThat(provider.livemode()).isFalse();
    assertThat(provider.livemode(true).livemode()).isTrue();
    assertThat(provider.configured()).isTrue();
  }

  @Test
  @DisplayName("portal sessions are distinct URLs")
  void portalSessions() {
    String first = provider.createPortalSession("cus_1");
    String second = provider.createPortalSession("cus_1");

    assertThat(first).startsWith("https://").isNotEqualTo(second);
  }
}

package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aCheckoutCompletedEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** StartCheckout, ConfirmCheckout, the portal, plan change, cancel and resume. */
class CheckoutAndSubscriptionCommandsTest {
  static final Email PAYER = Email.of("ada@example.com");

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  @Test
  @DisplayName("a checkout for the free plan is refused without calling the provider")
  void freePlanCheckout() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    assertThatThrownBy(() -> billing.startCheckout(org, PlanId.FREE, PAYER))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("plan"));
    assertThat(fixture.provider.calls()).isEmpty();
    assertThat(organization(org).customerId()).isEmpty();
  }

  @Test
  @DisplayName("a checkout for a plan not in the catalog is refused")
  void unknownPlanCheckout() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    assertThatThrownBy(() -> billing.startCheckout(org, PlanId.of("gold"), PAYER))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("gold");
    assertThat(fixture.provider.calls()).isEmpty();
  }

  @Test
  @DisplayName("a plan without a provider price is not on sale; the refusal names no variable")
  void planWithoutPrice() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    Billing unpriced =
        Seed.anotherInstance(
            fixture,
            fixture.organizations,
            fixture.provider,
            io.agnosticbilling.domain.plan.PlanCatalog.defaults());

    assertThatThrownBy(() -> unpriced.startCheckout(org, PlanId.TEAM, PAYER))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("plan"))
        .hasMessageContaining("not on sale")
        .hasMessageNotContaining("STRIPE_");
    assertThat(fixture.provider.calls()).isEmpty();
  }

  static Stream<Arguments> paymentCommands() {
    return Stream.of(
        command("start checkout", (b, org) -> b.startCheckout(org, PlanId.TEAM, PAYER)),
        command("confirm checkout", (b, org) -> b.confirmCheckout(org, "cs_test_1")),
        command("open portal", (b, org) -> b.openPortal(org)),
        command("change plan", (b, org) -> b.changePlan(org, PlanId.ENTERPRISE)),
        command("cancel", (b, org) -> b.cancel(org)),
        command("resume", (b, org) -> b.resume(org)),
        command("reconcile", (b, org) -> b.reconcile()));
  }

  private static Arguments command(String name, BiConsumer<Billing, OrganizationId> action) {
    return Arguments.of(name, action);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paymentCommands")
  @DisplayName("without a payment provider every payment command says payments are not configured")
  void paymentsNotConfigured(String name, BiConsumer<Billing, OrganizationId> action) {
    OrganizationId org =
        Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").cancelAtPeriodEnd(true).build());
    Organization before = organization(org);
    Billing withoutPayments =
        Seed.anotherInstance(
            fixture, fixture.organizations, PaymentProvider.notConfigured(), billing.catalog());

    assertThatThrownBy(() -> action.accept(withoutPayments, org))
        .isInstanceOf(PaymentsNotConfiguredException.class);
    assertThat(organization(org)).isEqualTo(before);
    assertThat(withoutPayments.overview(org).portalAvailable()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"ACTIVE", "TRIALING", "PAST_DUE"})
  @DisplayName("a live subscription refuses a new checkout as already_subscribed")
  void alreadySubscribed(SubscriptionStatus status) {
    OrganizationId org =
        Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").status(status).build());

    assertThatThrownBy(() -> billing.startCheckout(org, PlanId.ENTERPRISE, PAYER))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("already_subscribed"));
    assertThat(fixture.provider.calls("createCheckoutSession")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"INCOMPLETE", "INCOMPLETE_EXPIRED", "CANCELED", "UNPAID", "PAUSED"})
  @DisplayName(
      "an incomplete, unpaid, paused or ended subscription lets a new checkout reuse the customer")
  void newCheckoutAfterIncompleteOrEnded(SubscriptionStatus status) {
    OrganizationId org =
        Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").status(status).build());

    CheckoutSessionCreated session = billing.startCheckout(org, PlanId.TEAM, PAYER);

    assertThat(fixture.provider.checkoutRequest(session.sessionId()))
        .map(CheckoutRequest::customerId)
        .contains("cus_1");
    assertThat(fixture.provider.calls("createCustomer")).isEmpty();
  }

  @Test
  @DisplayName("the provider customer is created once across two checkouts, each for its price")
  void customerCreatedOnce() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    CheckoutSessionCreated first = billing.startCheckout(org, PlanId.TEAM, PAYER);
    CheckoutSessionCreated second = billing.startCheckout(org, PlanId.ENTERPRISE, PAYER);

    assertThat(fixture.provider.calls("createCustomer")).hasSize(1);
    String customer = organization(org).customerId().orElseThrow();
    CheckoutRequest teamRequest = fixture.provider.checkoutRequest(first.sessionId()).orElseThrow();
    CheckoutRequest enterpriseRequest =
        fixture.provider.checkoutRequest(second.sessionId()).orElseThrow();
    assertThat(teamRequest.customerId()).isEqualTo(customer);
    assertThat(teamRequest.priceId()).isEqualTo(InMemoryBilling.TEAM_PRICE);
    assertThat(enterpriseRequest.customerId()).isEqualTo(customer);
    assertThat(enterpriseRequest.priceId()).isEqualTo(InMemoryBilling.ENTERPRISE_PRICE);
    assertThat(billing.metrics().checkoutsCreatedToday()).isEqualTo(2);
  }

  @Test
  @DisplayName("confirming a session of another organization is not found and changes nothing")
  void confirmOtherOrganizationsSession() {
    OrganizationId buyer = Seed.organization(fixture, "org_1");
    OrganizationId intruder = Seed.organization(fixture, "org_2");
    CheckoutSessionCreated session = billing.startCheckout(buyer, PlanId.TEAM, PAYER);
    fixture.provider.completeCheckout(
        session.sessionId(), team("sub_1", customerOf(buyer), "org_1").build());
    Organization intruderBefore = organization(intruder);

    assertThatThrownBy(() -> billing.confirmCheckout(intruder, session.sessionId()))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> assertThat(e.code()).isEqualTo("checkout_session_not_found"));
    assertThat(organization(intruder)).isEqualTo(intruderBefore);
    assertThat(organization(buyer).subscriptions()).isEmpty();
    assertThat(fixture.provider.calls("fetchSubscription")).isEmpty();
  }

  @Test
  @DisplayName("confirming a session the provider does not know is not found")
  void confirmUnknownSession() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    assertThatThrownBy(() -> billing.confirmCheckout(org, "cs_never"))
        .isInstanceOf(NotFoundException.class);
  }

  @ParameterizedTest(name = "session id \"{0}\"")
  @ValueSource(strings = {"", "   "})
  @DisplayName("confirming without a session id is refused as invalid input")
  void confirmWithoutSessionId(String sessionId) {
    OrganizationId org = Seed.organization(fixture, "org_1");

    assertThatThrownBy(() -> billing.confirmCheckout(org, sessionId))
        .isInstanceOf(InvalidInputException.class);
    assertThat(fixture.provider.calls("fetchCheckoutSession")).isEmpty();
  }

  @Test
  @DisplayName("confirming a session that is not complete is a conflict and changes nothing")
  void confirmIncompleteSession() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    CheckoutSessionCreated session = billing.startCheckout(org, PlanId.TEAM, PAYER);
    Organization before = organization(org);

    assertThatThrownBy(() -> billing.confirmCheckout(org, session.sessionId()))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("checkout_not_complete"));
    assertThat(organization(org)).isEqualTo(before);
    assertThat(billing.metrics().checkoutsConfirmedToday()).isZero();
  }

  @Test
  @DisplayName("confirming twice is idempotent: one subscription, one confirmation counted")
  void confirmTwice() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    String sessionId = paidCheckout(org);

    BillingOverview first = billing.confirmCheckout(org, sessionId);
    Organization afterFirst = organization(org);
    BillingOverview second = billing.confirmCheckout(org, sessionId);

    assertThat(first.plan()).isEqualTo(PlanId.TEAM);
    assertThat(second).isEqualTo(first);
    assertThat(organization(org)).isEqualTo(afterFirst);
    assertThat(organization(org).subscriptions()).hasSize(1);
    assertThat(fixture.provider.calls("fetchSubscription")).hasSize(1);
    assertThat(billing.metrics().checkoutsConfirmedToday()).isEqualTo(1);
  }

  @ParameterizedTest(name = "webhook first: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "the checkout webhook and the confirmation on return end in Team with one subscription,"
          + " whichever comes first")
  void webhookAndConfirmInEitherOrder(boolean webhookFirst) {
    OrganizationId org = Seed.organization(fixture, "org_1");
    String sessionId = paidCheckout(org);
    BillingEvent completed =
        aCheckoutCompletedEvent()
            .eventId("evt_cs")
            .created(NOW.minusSeconds(5))
            .session(sessionId)
            .organization("org_1")
            .customer(customerOf(org))
            .subscription("sub_1")
            .build();

    EventOutcome webhook;
    if (webhookFirst) {
      webhook = billing.handle(completed, Seed.payload(completed));
      billing.confirmCheckout(org, sessionId);
    } else {
      billing.confirmCheckout(org, sessionId);
      webhook = billing.handle(completed, Seed.payload(completed));
    }

    assertThat(webhook.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
    assertThat(billing.overview(org).status()).contains(SubscriptionStatus.ACTIVE);
    assertThat(organization(org).subscriptions())
        .extracting(Subscription::id)
        .containsExactly("sub_1");
    assertThat(fixture.provider.calls("fetchSubscription")).hasSize(1);
  }

  @Test
  @DisplayName(
      "the customer portal needs a provider customer: no_customer before the first checkout")
  void portalNeedsCustomer() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    assertThatThrownBy(() -> billing.openPortal(org))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("no_customer"));
    assertThat(fixture.provider.calls("createPortalSession")).isEmpty();

    billing.startCheckout(org, PlanId.TEAM, PAYER);
    String url = billing.openPortal(org);

    assertThat(url).startsWith("https://");
    assertThat(fixture.provider.calls("createPortalSession").get(0).arguments())
        .containsExactly(customerOf(org));
  }

  static Stream<Arguments> subscriptionCommands() {
    return Stream.of(
        command("change plan", (b, org) -> b.changePlan(org, PlanId.ENTERPRISE)),
        command("cancel", (b, org) -> b.cancel(org)),
        command("resume", (b, org) -> b.resume(org)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subscriptionCommands")
  @DisplayName("without a subscription, change, cancel and resume are no_live_subscription")
  void noSubscription(String name, BiConsumer<Billing, OrganizationId> action) {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");

    assertThatThrownBy(() -> action.accept(billing, org))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("no_live_subscription"));
    assertThat(fixture.provider.calls()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "INCOMPLETE", "UNPAID"})
  @DisplayName("a subscription that is not active, trialing or past_due cannot change plan")
  void notLiveSubscription(SubscriptionStatus status) {
    OrganizationId org =
        Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").status(status).build());

    assertThatThrownBy(() -> billing.changePlan(org, PlanId.ENTERPRISE))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("no_live_subscription"));
    assertThat(fixture.provider.calls("changePrice")).isEmpty();
  }

  @Test
  @DisplayName("changing Team to Enterprise swaps the price at the provider and shows Enterprise")
  void changeTeamToEnterprise() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    BillingOverview overview = billing.changePlan(org, PlanId.ENTERPRISE);

    assertThat(fixture.provider.calls("changePrice").get(0).arguments())
        .containsExactly("sub_1", InMemoryBilling.ENTERPRISE_PRICE);
    assertThat(overview.plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(overview.subscribedPlan()).contains(PlanId.ENTERPRISE);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(organization(org).subscription("sub_1").orElseThrow().priceId())
        .isEqualTo(InMemoryBilling.ENTERPRISE_PRICE);
  }

  @Test
  @DisplayName("changing to the plan already subscribed calls no provider")
  void changeToSamePlan() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    assertThat(billing.changePlan(org, PlanId.TEAM).plan()).isEqualTo(PlanId.TEAM);
    assertThat(fixture.provider.calls("changePrice")).isEmpty();
  }

  @Test
  @DisplayName("cancel and resume call the provider only when the flag has to change")
  void cancelAndResumeOnlyWhenNeeded() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    billing.resume(org);
    billing.cancel(org);
    billing.cancel(org);

    assertThat(fixture.provider.calls("resume")).isEmpty();
    assertThat(fixture.provider.calls("cancelAtPeriodEnd")).hasSize(1);
    assertThat(billing.overview(org).accessEndsAt()).contains(Seed.PERIOD_END);
  }

  @Test
  @DisplayName("a provider failure during a plan change surfaces and changes nothing locally")
  void providerFailureOnChange() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());
    Organization before = organization(org);
    fixture.provider.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.CARD_DECLINED, "declined"));

    assertThatThrownBy(() -> billing.changePlan(org, PlanId.ENTERPRISE))
        .isInstanceOfSatisfying(
            PaymentProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(PaymentProviderException.Kind.CARD_DECLINED));
    assertThat(organization(org)).isEqualTo(before);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
  }

  @Test
  @DisplayName("a provider failure while creating the customer stores neither customer nor session")
  void providerFailureOnCheckout() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    fixture.provider.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.UNREACHABLE, "down"));

    assertThatThrownBy(() -> billing.startCheckout(org, PlanId.TEAM, PAYER))
        .isInstanceOf(PaymentProviderException.class);
    assertThat(organization(org).customerId()).isEmpty();
    assertThat(billing.metrics().checkoutsCreatedToday()).isZero();
  }

  /** Starts a Team checkout and has the customer pay it; returns the session id. */
  private String paidCheckout(OrganizationId org) {
    CheckoutSessionCreated session = billing.startCheckout(org, PlanId.TEAM, PAYER);
    fixture.provider.completeCheckout(
        session.sessionId(), team("sub_1", customerOf(org), org.value()).build());
    return session.sessionId();
  }

  private String customerOf(OrganizationId org) {
    return fixture.provider.customerOf(org).orElseThrow();
  }

  private Organization organization(OrganizationId id) {
    return fixture.organizations.find(id).orElseThrow();
  }
}

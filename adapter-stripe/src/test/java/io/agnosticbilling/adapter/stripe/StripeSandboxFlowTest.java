package io.agnosticbilling.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.CheckoutCompleted;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaid;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaymentFailed;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.sandbox.SandboxOptions;
import io.agnosticbilling.sandbox.StripeSandbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The adapter's stateful flows against the in-process Stripe sandbox over real HTTP: what the
 * scripted {@link LocalStripeServer} cannot show (a paid Checkout session really has a
 * subscription, a plan change really changes it, a renewal really fails), with webhooks verified
 * and translated by the adapter's own verifier.
 */
class StripeSandboxFlowTest {
  private static final OrganizationId ACME = OrganizationId.of("org_acme");
  private static final String FRONTEND = "https://app.example.test";
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private final List<String[]> deliveries = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private StripeSandbox sandbox;
  private StripePaymentProvider provider;
  private StripeCatalogSync catalogSync;
  private StripePaymentEvents paymentEvents;
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/webhooks/stripe",
        exchange -> {
          try (exchange) {
            deliveries.add(
                new String[] {
                  exchange.getRequestHeaders().getFirst("Stripe-Signature"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                });
            exchange.sendResponseHeaders(200, -1);
          }
        });
    receiver.start();
    sandbox =
        StripeSandbox.start(
            SandboxOptions.builder()
                .clockStart(START)
                .webhookEndpoint(
                    URI.create(
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/stripe"))
                .build());
    StripeSettings settings =
        StripeSettings.of(sandbox.secretKey(), FRONTEND)
            .withApiBase(sandbox.baseUrl())
            .withWebhookSecret(sandbox.webhookSecret())
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .withMaxNetworkRetries(1);
    provider = new StripePaymentProvider(settings);
    catalogSync = new StripeCatalogSync(settings);
    paymentEvents = StripePaymentEvents.from(settings, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    sandbox.close();
    receiver.stop(0);
  }

  private Map<PlanId, String> syncDefaults() {
    return catalogSync.sync(PlanCatalog.defaults());
  }

  /** Pays the hosted Checkout page as a browser does; returns where it redirects. */
  private String pay(String url, String card) throws Exception {
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("card_number=" + card))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
    return answer.headers().firstValue("Location").orElseThrow();
  }

  private SubscriptionSnapshot subscribe(String card) throws Exception {
    Map<PlanId, String> prices = syncDefaults();
    String customer = provider.createCustomer(ACME, "Acme", "owner@acme.test");
    CheckoutSessionCreated session =
        provider.createCheckoutSession(
            new CheckoutRequest(ACME, customer, PlanId.TEAM, prices.get(PlanId.TEAM)));
    pay(session.url(), card);
    CheckoutSessionInfo info = provider.fetchCheckoutSession(session.sessionId()).orElseThrow();
    return provider.fetchSubscription(info.subscriptionId().orElseThrow()).orElseThrow();
  }

  /** The webhooks received so far, each verified and translated by the adapter. */
  private List<BillingEvent> verifiedEvents(int atLeast) throws InterruptedException {
    for (int i = 0; i < 500 && deliveries.size() < atLeast; i++) {
      Thread.sleep(20);
    }
    List<BillingEvent> events = new ArrayList<>();
    for (String[] delivery : deliveries) {
      events.add(paymentEvents.verify(delivery[1], Optional.of(delivery[0])));
    }
    return events;
  }

  @Test
  @DisplayName("catalog sync creates products and prices once, and a new amount moves the key")
  void catalogSync() {
    Map<PlanId, String> first = syncDefaults();
    Map<PlanId, String> again = syncDefaults();

    assertThat(first).containsOnlyKeys(PlanId.TEAM, PlanId.ENTERPRISE);
    assertThat(again).as("found again by lookup key").isEqualTo(first);

    Plan team = PlanCatalog.defaults().require(PlanId.TEAM);
    Plan dearer =
        new Plan(
            team.id(),
            team.name(),
            team.rank(),
            Money.usd(12900),
            team.interval(),
            team.limits(),
            team.features(),
            team.providerPriceId());
    PlanCatalog changed =
        PlanCatalog.of(
            List.of(
                PlanCatalog.defaults().free(),
                dearer,
                PlanCatalog.defaults().require(PlanId.ENTERPRISE)),
            PlanCatalog.DEFAULT_ALERT_THRESHOLDS);
    Map<PlanId, String> repriced = catalogSync.sync(changed);

    assertThat(repriced.get(PlanId.TEAM)).isNotEqualTo(first.get(PlanId.TEAM));
    assertThat(repriced.get(PlanId.ENTERPRISE)).isEqualTo(first.get(PlanId.ENTERPRISE));
    assertThat(catalogSync.sync(changed)).isEqualTo(repriced);
  }

  @Test
  @DisplayName("customer creation is idempotent per organization")
  void customer() {
    String first = provider.createCustomer(ACME, "Acme", "owner@acme.test");
    String again = provider.createCustomer(ACME, "Acme", "owner@acme.test");

    assertThat(again).isEqualTo(first).startsWith("cus_");
  }

  @Test
  @DisplayName("Checkout: the session is created, paid on the hosted page, and then complete")
  void checkout() throws Exception {
    Map<PlanId, String> prices = syncDefaults();
    String customer = provider.createCustomer(ACME, "Acme", "owner@acme.test");

    CheckoutSessionCreated session =
        provider.createCheckoutSession(
            new CheckoutRequest(ACME, customer, PlanId.TEAM, prices.get(PlanId.TEAM)));
    assertThat(session.url()).startsWith(sandbox.baseUrl());
    assertThat(provider.fetchCheckoutSession(session.sessionId()).orElseThrow().complete())
        .isFalse();

    String redirect = pay(session.url(), "4242424242424242");

    assertThat(redirect)
        .isEqualTo(
            FRONTEND + "/settings?tab=billing&checkout=success&session_id=" + session.sessionId());
    CheckoutSessionInfo info = provider.fetchCheckoutSession(session.sessionId()).orElseThrow();
    assertThat(info.complete()).isTrue();
    assertThat(info.organizationId()).contains(ACME);
    assertThat(info.customerId()).contains(customer);
    SubscriptionSnapshot snapshot =
        provider.fetchSubscription(info.subscriptionId().orElseThrow()).orElseThrow();
    assertThat(snapshot.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(snapshot.priceId()).isEqualTo(prices.get(PlanId.TEAM));
    assertThat(snapshot.organizationId()).contains(ACME);
    assertThat(snapshot.currentPeriodStart()).isEqualTo(START);
    assertThat(snapshot.currentPeriodEnd()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(provider.fetchCheckoutSession("cs_test_missing")).isEmpty();
    assertThat(provider.fetchSubscription("sub_missing")).isEmpty();
  }

  @Test
  @DisplayName("change plan, cancel at period end and resume change the subscription at Stripe")
  void changeCancelResume() throws Exception {
    SubscriptionSnapshot subscription = subscribe("4242424242424242");
    String enterprise = syncDefaults().get(PlanId.ENTERPRISE);

    SubscriptionSnapshot changed = provider.changePrice(subscription.subscriptionId(), enterprise);
    assertThat(changed.priceId()).isEqualTo(enterprise);
    assertThat(provider.fetchSubscription(subscription.subscriptionId()).orElseThrow().priceId())
        .isEqualTo(enterprise);

    SubscriptionSnapshot canceled = provider.cancelAtPeriodEnd(subscription.subscriptionId());
    assertThat(canceled.cancelAtPeriodEnd()).isTrue();
    assertThat(canceled.status()).isEqualTo(SubscriptionStatus.ACTIVE);

    SubscriptionSnapshot resumed = provider.resume(subscription.subscriptionId());
    assertThat(resumed.cancelAtPeriodEnd()).isFalse();
    assertThat(resumed.canceledAt()).isEmpty();
  }

  @Test
  @DisplayName("the listing pages through every subscription, canceled ones included")
  void listing() throws Exception {
    SubscriptionSnapshot kept = subscribe("4242424242424242");
    SubscriptionSnapshot ended = subscribe("4242424242424242");
    provider.cancelAtPeriodEnd(ended.subscriptionId());
    sandbox.advanceClock(Duration.ofDays(40));

    List<SubscriptionSnapshot> listed =
        provider
            .listSubscriptions()
            .map(l -> ((PaymentProvider.Listed.Read) l).snapshot())
            .toList();

    assertThat(listed)
        .extracting(SubscriptionSnapshot::subscriptionId, SubscriptionSnapshot::status)
        .containsExactlyInAnyOrder(
            tuple(kept.subscriptionId(), SubscriptionStatus.ACTIVE),
            tuple(ended.subscriptionId(), SubscriptionStatus.CANCELED));
  }

  @Test
  @DisplayName("the Portal session opens the sandbox's hosted Portal for the customer")
  void portal() throws Exception {
    String customer = provider.createCustomer(ACME, "Acme", "owner@acme.test");

    String url = provider.createPortalSession(customer);

    assertThat(url).startsWith(sandbox.baseUrl() + "/p/session/bps_");
    HttpResponse<String> page =
        browser.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(FRONTEND + "/settings?tab=billing");
  }

  @Test
  @DisplayName("webhooks verify and translate: created, paid, completed; a failed renewal too")
  void webhooks() throws Exception {
    SubscriptionSnapshot subscription = subscribe("4000000000000341");
    sandbox.advanceClock(Duration.ofDays(31));
    int emitted = sandbox.events().size();

    List<BillingEvent> events = verifiedEvents(emitted);

    assertThat(events).hasSize(emitted);
    assertThat(events)
        .filteredOn(SubscriptionChanged.class::isInstance)
        .map(e -> ((SubscriptionChanged) e).subscription())
        .allSatisfy(s -> assertThat(s.organizationId()).contains(ACME))
        .extracting(SubscriptionSnapshot::status)
        .contains(SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE);
    assertThat(events)
        .filteredOn(CheckoutCompleted.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((CheckoutCompleted) e).session().subscriptionId())
                    .contains(subscription.subscriptionId()));
    assertThat(events)
        .filteredOn(InvoicePaid.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((InvoicePaid) e).invoice().amountMinor()).isEqualTo(9900));
    InvoicePaymentFailed failed =
        (InvoicePaymentFailed)
            events.stream()
                .filter(InvoicePaymentFailed.class::isInstance)
                .findFirst()
                .orElseThrow();
    assertThat(failed.invoice().subscriptionId()).contains(subscription.subscriptionId());
    assertThat(failed.invoice().organizationId()).contains(ACME);
    assertThat(failed.invoice().nextAttemptAt()).isPresent();
    assertThat(failed.invoice().periodStart()).contains(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(failed.invoice().amountMinor()).isEqualTo(9900);
  }

  /** The session as Stripe holds it, read with the secret key (fields the port does not carry). */
  private String rawSession(String sessionId) throws Exception {
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/v1/checkout/sessions/" + sessionId))
                .header("Authorization", "Bearer " + sandbox.secretKey())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  @Test
  @DisplayName(
      "sync-catalog creates each yearly price under its own lookup key; a paid yearly Checkout"
          + " subscribes at it for a year")
  void yearlyPrices() throws Exception {
    StripeCatalogSync.SyncedPrices prices = catalogSync.syncPrices(PlanCatalog.defaults());
    StripeCatalogSync.SyncedPrices again = catalogSync.syncPrices(PlanCatalog.defaults());

    assertThat(prices.yearly()).containsOnlyKeys(PlanId.TEAM, PlanId.ENTERPRISE);
    assertThat(prices.yearly().get(PlanId.TEAM)).isNotEqualTo(prices.main().get(PlanId.TEAM));
    assertThat(again).as("found again by their lookup keys").isEqualTo(prices);
    assertThat(
            StripeCatalogSync.lookupKey(
                PlanCatalog.defaults().require(PlanId.TEAM), BillingInterval.YEAR))
        .isEqualTo("agnostic_billing_team_yearly");
    assertThat(StripeCatalogSync.environmentLines(prices))
        .contains("STRIPE_TEAM_PRICE_ID=" + prices.main().get(PlanId.TEAM) + "\n")
        .contains("STRIPE_TEAM_YEARLY_PRICE_ID=" + prices.yearly().get(PlanId.TEAM) + "\n");

    String customer = provider.createCustomer(ACME, "Acme", "owner@acme.test");
    CheckoutSessionCreated session =
        provider.createCheckoutSession(
            new CheckoutRequest(ACME, customer, PlanId.TEAM, prices.yearly().get(PlanId.TEAM)));
    pay(session.url(), "4242424242424242");
    CheckoutSessionInfo info = provider.fetchCheckoutSession(session.sessionId()).orElseThrow();
    SubscriptionSnapshot yearly =
        provider.fetchSubscription(info.subscriptionId().orElseThrow()).orElseThrow();

    assertThat(yearly.priceId()).isEqualTo(prices.yearly().get(PlanId.TEAM));
    assertThat(Duration.between(yearly.currentPeriodStart(), yearly.currentPeriodEnd()).toDays())
        .isGreaterThanOrEqualTo(365);
    PlanCatalog priced =
        PlanCatalog.defaults()
            .withProviderPrices(prices.main())
            .withYearlyProviderPrices(prices.yearly());
    assertThat(priced.byProviderPriceId(yearly.priceId())).map(Plan::id).contains(PlanId.TEAM);
  }

  @Test
  @DisplayName(
      "a Checkout with a trial and a host app's promotion code subscribes trialing, discounted")
  void trialAndPromotionCode() throws Exception {
    Map<PlanId, String> prices = syncDefaults();
    String customer = provider.createCustomer(ACME, "Acme", "owner@acme.test");
    Optional<String> code = provider.findPromotionCode("welcome10");
    assertThat(code).as("matched case-insensitively, active").contains("promo_WELCOME10");
    assertThat(provider.findPromotionCode("NOPE")).isEmpty();

    CheckoutSessionCreated session =
        provider.createCheckoutSession(
            new CheckoutRequest(
                ACME,
                customer,
                PlanId.TEAM,
                prices.get(PlanId.TEAM),
                OptionalInt.of(14),
                code,
                Optional.of(START.plus(Duration.ofHours(1)))));
    assertThat(rawSession(session.sessionId()))
        .contains("\"expires_at\":" + START.plus(Duration.ofHours(1)).getEpochSecond())
        .contains("\"allow_promotion_codes\":false");
    pay(session.url(), "4242424242424242");
    CheckoutSessionInfo info = provider.fetchCheckoutSession(session.sessionId()).orElseThrow();
    SubscriptionSnapshot trialing =
        provider.fetchSubscription(info.subscriptionId().orElseThrow()).orElseThrow();

    assertThat(trialing.status()).isEqualTo(SubscriptionStatus.TRIALING);
    assertThat(trialing.trialEnd()).contains(START.plus(Duration.ofDays(14)));
  }

  @Test
  @DisplayName(
      "with promotion codes allowed, a session lets customers type one, unless a code is applied")
  void allowPromotionCodes() throws Exception {
    Map<PlanId, String> prices = syncDefaults();
    StripePaymentProvider allowing =
        new StripePaymentProvider(
            StripeSettings.of(sandbox.secretKey(), FRONTEND).withApiBase(sandbox.baseUrl()), true);
    String customer = allowing.createCustomer(ACME, "Acme", "owner@acme.test");

    CheckoutSessionCreated open =
        allowing.createCheckoutSession(
            new CheckoutRequest(ACME, customer, PlanId.TEAM, prices.get(PlanId.TEAM)));
    CheckoutSessionCreated applied =
        allowing.createCheckoutSession(
            new CheckoutRequest(
                ACME,
                customer,
                PlanId.TEAM,
                prices.get(PlanId.TEAM),
                OptionalInt.empty(),
                Optional.of("promo_WELCOME10"),
                Optional.empty()));

    assertThat(rawSession(open.sessionId())).contains("\"allow_promotion_codes\":true");
    assertThat(rawSession(applied.sessionId()))
        .as("Stripe refuses both together: the applied code wins")
        .contains("\"allow_promotion_codes\":false");
  }
}

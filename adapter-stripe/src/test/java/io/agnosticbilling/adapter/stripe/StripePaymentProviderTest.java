package io.agnosticbilling.adapter.stripe;

import static io.agnosticbilling.adapter.stripe.StripeJson.CUSTOMER_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.ITEM_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.PRICE_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.SESSION_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.SUBSCRIPTION_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import io.agnosticbilling.adapter.stripe.LocalStripeServer.Answer;
import io.agnosticbilling.adapter.stripe.LocalStripeServer.Recorded;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.port.out.PaymentProvider.Listed;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StripePaymentProviderTest {
  private static final String KEY = "sk_test_51LocalKeyThatMustNeverLeak0123456789";
  private static final String FRONTEND = "https://app.example.test";
  private static final OrganizationId ACME = OrganizationId.of("org_acme");
  private static final String SUBSCRIPTION_PATH = "/v1/subscriptions/" + SUBSCRIPTION_ID;

  private LocalStripeServer stripe;
  private StripePaymentProvider provider;

  @BeforeEach
  void start() throws IOException {
    stripe = new LocalStripeServer();
    provider = new StripePaymentProvider(settings(1));
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private StripeSettings settings(int retries) {
    return StripeSettings.of(KEY, FRONTEND + "/")
        .withApiBase(stripe.baseUrl())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
        .withMaxNetworkRetries(retries);
  }

  private Recorded only(String method, String path) {
    List<Recorded> requests = stripe.requests(method, path);
    assertThat(requests).as(method + " " + path).hasSize(1);
    return requests.get(0);
  }

  @Test
  @DisplayName("every call authenticates with the adapter's own key and pins the API version")
  void authenticationAndVersion() {
    stripe.on("POST", "/v1/customers", 200, StripeJson.customer(CUSTOMER_ID));

    provider.createCustomer(ACME, "Acme", "owner@acme.test");

    Recorded request = only("POST", "/v1/customers");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.header("Stripe-Version")).isEqualTo(Stripe.API_VERSION);
    assertThat(Stripe.apiKey).as("the static key stays untouched").isNull();
  }

  @Test
  @DisplayName("livemode follows the key's mode")
  void livemode() {
    assertThat(provider.livemode()).isFalse();
    assertThat(new StripePaymentProvider(StripeSettings.of("sk_live_abc", FRONTEND)).livemode())
        .isTrue();
  }

  @Nested
  @DisplayName("customers")
  class Customers {

    @Test
    @DisplayName("are created with the organization in metadata and a key derived from it")
    void create() {
      stripe.on("POST", "/v1/customers", 200, StripeJson.customer(CUSTOMER_ID));

      String id = provider.createCustomer(ACME, "Acme Inc", "owner@acme.test");
      provider.createCustomer(ACME, "Acme Inc", "owner@acme.test");

      assertThat(id).isEqualTo(CUSTOMER_ID);
      List<Recorded> requests = stripe.requests("POST", "/v1/customers");
      assertThat(requests.get(0).params())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "metadata[organizationId]", "org_acme",
                  "name", "Acme Inc",
                  "email", "owner@acme.test"));
      assertThat(requests.get(0).header("Idempotency-Key"))
          .startsWith("agnostic-billing:customer:org_acme:");
      assertThat(requests.get(1).header("Idempotency-Key"))
          .as("a repeated creation replays the first one at Stripe")
          .isEqualTo(requests.get(0).header("Idempotency-Key"));
    }

    @Test
    @DisplayName("a second admin of the organization is not refused as a reuse of the first's key")
    void secondAdminGetsItsOwnKey() {
      stripe.on("POST", "/v1/customers", 200, StripeJson.customer(CUSTOMER_ID));

      String first = provider.createCustomer(ACME, "Acme Inc", "ada@acme.test");
      String second = provider.createCustomer(ACME, "Acme Inc", "bob@acme.test");

      assertThat(first).isEqualTo(CUSTOMER_ID);
      assertThat(second).isEqualTo(CUSTOMER_ID);
      List<Recorded> requests = stripe.requests("POST", "/v1/customers");
      assertThat(requests.get(1).header("Idempotency-Key"))
          .startsWith("agnostic-billing:customer:org_acme:")
          .isNotEqualTo(requests.get(0).header("Idempotency-Key"));
    }
  }

  @Nested
  @DisplayName("Checkout")
  class Checkout {

    @Test
    @DisplayName("creates a subscription-mode session tied to the organization")
    void createSession() {
      stripe.on(
          "POST", "/v1/checkout/sessions", 200, StripeJson.checkoutSessionCreated(SESSION_ID));

      CheckoutSessionCreated created =
          provider.createCheckoutSession(
              new CheckoutRequest(ACME, CUSTOMER_ID, PlanId.TEAM, PRICE_ID));

      assertThat(created)
          .isEqualTo(
              new CheckoutSessionCreated(
                  SESSION_ID, "https://checkout.stripe.com/c/pay/" + SESSION_ID));
      Recorded request = only("POST", "/v1/checkout/sessions");
      assertThat(request.params())
          .contains(
              entry("mode", "subscription"),
              entry("customer", CUSTOMER_ID),
              entry("client_reference_id", "org_acme"),
              entry("line_items[0][price]", PRICE_ID),
              entry("line_items[0][quantity]", "1"),
              entry("subscription_data[metadata][organizationId]", "org_acme"),
              entry("metadata[organizationId]", "org_acme"),
              entry(
                  "success_url",
                  FRONTEND
                      + "/settings?tab=billing&checkout=success&session_id={CHECKOUT_SESSION_ID}"),
              entry("cancel_url", FRONTEND + "/settings?tab=billing&checkout=canceled"));
      assertThat(request.header("Idempotency-Key"))
          .startsWith("agnostic-billing:checkout:org_acme:");
    }

    @Test
    @DisplayName("two clicks are two sessions: each creation has its own idempotency key")
    void distinctKeys() {
      stripe.on(
          "POST", "/v1/checkout/sessions", 200, StripeJson.checkoutSessionCreated(SESSION_ID));
      CheckoutRequest request = new CheckoutRequest(ACME, CUSTOMER_ID, PlanId.TEAM, PRICE_ID);

      provider.createCheckoutSession(request);
      provider.createCheckoutSession(request);

      List<Recorded> requests = stripe.requests("POST", "/v1/checkout/sessions");
      assertThat(requests.get(0).header("Idempotency-Key"))
          .isNotEqualTo(requests.get(1).header("Idempotency-Key"));
    }

    @Test
    @DisplayName("fetches a session, or nothing when Stripe does not know it")
    void fetchSession() {
      stripe.on(
          "GET",
          "/v1/checkout/sessions/" + SESSION_ID,
          200,
          fixture("checkout-session").toString());

      Optional<CheckoutSessionInfo> found = provider.fetchCheckoutSession(SESSION_ID);
      Optional<CheckoutSessionInfo> missing = provider.fetchCheckoutSession("cs_test_unknown");

      assertThat(found)
          .contains(
              new CheckoutSessionInfo(
                  SESSION_ID,
                  Optional.of(ACME),
                  Optional.of(CUSTOMER_ID),
                  Optional.of(SUBSCRIPTION_ID),
                  true));
      assertThat(missing).isEmpty();
    }
  }

  @Test
  @DisplayName("a Customer Portal session returns to the billing settings")
  void portal() {
    stripe.on(
        "POST",
        "/v1/billing_portal/sessions",
        200,
        StripeJson.portalSession("https://billing.stripe.com/p/session/test_123"));

    String url = provider.createPortalSession(CUSTOMER_ID);

    assertThat(url).isEqualTo("https://billing.stripe.com/p/session/test_123");
    Recorded request = only("POST", "/v1/billing_portal/sessions");
    assertThat(request.params())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("customer", CUSTOMER_ID, "return_url", FRONTEND + "/settings?tab=billing"));
    assertThat(request.header("Idempotency-Key"))
        .startsWith("agnostic-billing:portal:" + CUSTOMER_ID);
  }

  @Nested
  @DisplayName("subscriptions")
  class Subscriptions {

    @Test
    @DisplayName("a plan change swaps the price of the live item, with proration")
    void changePrice() {
      JsonObject updated = fixture("subscription");
      StripeJson.firstItem(updated).getAsJsonObject("price").addProperty("id", "price_enterprise");
      stripe.on("GET", SUBSCRIPTION_PATH, 200, fixture("subscription").toString());
      stripe.on("POST", SUBSCRIPTION_PATH, 200, updated.toString());

      SubscriptionSnapshot snapshot = provider.changePrice(SUBSCRIPTION_ID, "price_enterprise");

      assertThat(snapshot.priceId()).isEqualTo("price_enterprise");
      Recorded update = only("POST", SUBSCRIPTION_PATH);
      assertThat(update.params())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "items[0][id]", ITEM_ID,
                  "items[0][price]", "price_enterprise",
                  "proration_behavior", "create_prorations"));
      assertThat(update.header("Idempotency-Key"))
          .startsWith(
              "agnostic-billing:subscription:"
                  + SUBSCRIPTION_ID
                  + ":change-price:price_enterprise:");
    }

    @Test
    @DisplayName("cancel sets cancel_at_period_end; resume clears it and any cancel_at date")
    void cancelAndResume() {
      JsonObject canceling = fixture("subscription");
      canceling.addProperty("cancel_at_period_end", true);
      stripe.on("POST", SUBSCRIPTION_PATH, 200, canceling.toString());
      stripe.on("POST", SUBSCRIPTION_PATH, 200, fixture("subscription").toString());

      SubscriptionSnapshot canceled = provider.cancelAtPeriodEnd(SUBSCRIPTION_ID);
      SubscriptionSnapshot resumed = provider.resume(SUBSCRIPTION_ID);

      assertThat(canceled.cancelAtPeriodEnd()).isTrue();
      assertThat(resumed.cancelAtPeriodEnd()).isFalse();
      List<Recorded> requests = stripe.requests("POST", SUBSCRIPTION_PATH);
      assertThat(requests.get(0).params()).containsExactly(entry("cancel_at_period_end", "true"));
      assertThat(requests.get(1).params())
          .as("the Portal schedules with cancel_at in recent API versions: resume clears both")
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("cancel_at_period_end", "false", "cancel_at", ""));
      assertThat(requests)
          .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).startsWith("agnostic-billing:"));
    }

    @Test
    @DisplayName("fetches a subscription as a snapshot, or nothing when Stripe does not know it")
    void fetch() {
      stripe.on("GET", SUBSCRIPTION_PATH, 200, fixture("subscription").toString());

      assertThat(provider.fetchSubscription(SUBSCRIPTION_ID))
          .hasValueSatisfying(
              s -> {
                assertThat(s.organizationId()).contains(ACME);
                assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
                assertThat(s.priceId()).isEqualTo(PRICE_ID);
              });
      assertThat(provider.fetchSubscription("sub_unknown")).isEmpty();
    }

    @Test
    @DisplayName("listing walks every page, asking for all statuses")
    void listAllPages() {
      stripe.on(
          "GET",
          "/v1/subscriptions",
          200,
          StripeJson.list(
              "/v1/subscriptions",
              true,
              StripeJson.subscriptionWithId("sub_1"),
              StripeJson.subscriptionWithId("sub_2")));
      stripe.on(
          "GET",
          "/v1/subscriptions",
          200,
          StripeJson.list("/v1/subscriptions", false, StripeJson.subscriptionWithId("sub_3")));

      List<String> ids;
      try (Stream<Listed> all = provider.listSubscriptions()) {
        ids = all.map(Listed::subscriptionId).toList();
      }

      assertThat(ids).containsExactly("sub_1", "sub_2", "sub_3");
      List<Recorded> pages = stripe.requests("GET", "/v1/subscriptions");
      assertThat(pages).hasSize(2);
      assertThat(pages.get(0).params()).contains(entry("status", "all"), entry("limit", "100"));
      assertThat(pages.get(1).params())
          .contains(entry("status", "all"), entry("starting_after", "sub_2"));
    }

    @Test
    @DisplayName("an unreadable subscription is listed as such, with its reason; the rest are read")
    void unreadableSubscriptionDoesNotStopTheListing() {
      JsonObject broken = StripeJson.subscriptionWithId("sub_2");
      broken.remove("items");
      stripe.on(
          "GET",
          "/v1/subscriptions",
          200,
          StripeJson.list(
              "/v1/subscriptions",
              false,
              StripeJson.subscriptionWithId("sub_1"),
              broken,
              StripeJson.subscriptionWithId("sub_3")));

      List<Listed> listed;
      try (Stream<Listed> all = provider.listSubscriptions()) {
        listed = all.toList();
      }

      assertThat(listed)
          .extracting(Listed::subscriptionId)
          .containsExactly("sub_1", "sub_2", "sub_3");
      assertThat(listed.get(0)).isInstanceOf(Listed.Read.class);
      assertThat(listed.get(1))
          .isInstanceOfSatisfying(
              Listed.Unreadable.class, u -> assertThat(u.reason()).contains("items"));
      assertThat(listed.get(2)).isInstanceOf(Listed.Read.class);
    }

    @Test
    @DisplayName("listed subscriptions are read from Stripe's JSON like webhooks, older shapes too")
    void listedSubscriptionsAreReadFromRawJson() {
      JsonObject acacia = StripeJson.subscriptionWithId("sub_old");
      JsonObject item = StripeJson.firstItem(acacia);
      acacia.add("current_period_start", item.remove("current_period_start"));
      acacia.add("current_period_end", item.remove("current_period_end"));
      long end = acacia.get("current_period_end").getAsLong();
      stripe.on(
          "GET", "/v1/subscriptions", 200, StripeJson.list("/v1/subscriptions", false, acacia));

      List<Listed> listed;
      try (Stream<Listed> all = provider.listSubscriptions()) {
        listed = all.toList();
      }

      assertThat(listed)
          .singleElement()
          .isInstanceOfSatisfying(
              Listed.Read.class,
              r ->
                  assertThat(r.snapshot().currentPeriodEnd())
                      .isEqualTo(java.time.Instant.ofEpochSecond(end)));
    }

    @Test
    @DisplayName("a failure on a later page surfaces as a classified provider error")
    void listFailsMidway() {
      stripe.on(
          "GET",
          "/v1/subscriptions",
          200,
          StripeJson.list("/v1/subscriptions", true, StripeJson.subscriptionWithId("sub_1")));
      stripe.on(
          "GET",
          "/v1/subscriptions",
          401,
          StripeJson.error("invalid_request_error", null, "Invalid API Key provided: " + KEY));

      assertThatThrownBy(() -> provider.listSubscriptions().toList())
          .isInstanceOfSatisfying(
              PaymentProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
          .hasMessageContaining("subscription listing")
          .hasMessageNotContaining(KEY);
    }

    @Test
    @DisplayName("a subscription Stripe answers without items is a clear provider error")
    void unreadableAnswer() {
      JsonObject broken = fixture("subscription");
      broken.remove("items");
      stripe.on("POST", SUBSCRIPTION_PATH, 200, broken.toString());

      assertThatThrownBy(() -> provider.cancelAtPeriodEnd(SUBSCRIPTION_ID))
          .isInstanceOfSatisfying(
              PaymentProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNKNOWN))
          .hasMessageContaining("items.data");
    }
  }

  @Nested
  @DisplayName("retries")
  class Retries {

    @Test
    @DisplayName("a 500 is retried once with the same idempotency key, and the call succeeds")
    void serverError() {
      stripe.on(
          "POST",
          "/v1/customers",
          500,
          StripeJson.error("api_error", null, "Something went wrong on Stripe's end."));
      stripe.on("POST", "/v1/customers", 200, StripeJson.customer(CUSTOMER_ID));

      String id = provider.createCustomer(ACME, "Acme", null);

      assertThat(id).isEqualTo(CUSTOMER_ID);
      List<Recorded> attempts = stripe.requests("POST", "/v1/customers");
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(1).header("Idempotency-Key"))
          .isEqualTo(attempts.get(0).header("Idempotency-Key"));
    }

    @Test
    @DisplayName("a 429 is retried once with the same idempotency key, and the call succeeds")
    void rateLimited() {
      stripe.on(
          "POST",
          "/v1/checkout/sessions",
          429,
          StripeJson.error("invalid_request_error", "rate_limit", "Too many requests"));
      stripe.on(
          "POST", "/v1/checkout/sessions", 200, StripeJson.checkoutSessionCreated(SESSION_ID));

      CheckoutSessionCreated created =
          provider.createCheckoutSession(
              new CheckoutRequest(ACME, CUSTOMER_ID, PlanId.TEAM, PRICE_ID));

      assertThat(created.sessionId()).isEqualTo(SESSION_ID);
      List<Recorded> attempts = stripe.requests("POST", "/v1/checkout/sessions");
      assertThat(attempts).hasSize(2);
      assertThat(attempts.get(1).header("Idempotency-Key"))
          .isEqualTo(attempts.get(0).header("Idempotency-Key"));
    }

    @Test
    @DisplayName("with retries set to zero a 500 is reported after one request")
    void noRetries() {
      StripePaymentProvider impatient = new StripePaymentProvider(settings(0));
      stripe.on("POST", "/v1/customers", 500, StripeJson.error("api_error", null, "boom"));
      stripe.on("POST", "/v1/customers", 200, StripeJson.customer(CUSTOMER_ID));

      assertThatThrownBy(() -> impatient.createCustomer(ACME, "Acme", null))
          .isInstanceOf(PaymentProviderException.class);
      assertThat(stripe.requests("POST", "/v1/customers")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    static Stream<Arguments> stripeErrors() {
      return Stream.of(
          Arguments.of(
              402,
              StripeJson.error("card_error", "card_declined", "Your card was declined."),
              Kind.CARD_DECLINED),
          Arguments.of(
              400,
              StripeJson.error("invalid_request_error", "resource_missing", "No such price: 'x'"),
              Kind.INVALID_REQUEST),
          Arguments.of(
              401,
              StripeJson.error("invalid_request_error", null, "Invalid API Key provided: " + KEY),
              Kind.AUTHENTICATION),
          Arguments.of(
              403,
              StripeJson.error("invalid_request_error", null, "The key " + KEY + " lacks access"),
              Kind.AUTHENTICATION),
          Arguments.of(
              429,
              StripeJson.error("invalid_request_error", "rate_limit", "Too many requests"),
              Kind.RATE_LIMITED),
          Arguments.of(
              500,
              StripeJson.error("api_error", null, "Something went wrong (key " + KEY + ")"),
              Kind.UNKNOWN));
    }

    @ParameterizedTest(name = "HTTP {0} → {2}")
    @MethodSource("stripeErrors")
    @DisplayName("each Stripe error becomes its domain kind with a message free of the key")
    void classified(int status, String body, Kind kind) {
      stripe.on("POST", "/v1/billing_portal/sessions", status, body);

      assertThatThrownBy(() -> provider.createPortalSession(CUSTOMER_ID))
          .isInstanceOfSatisfying(
              PaymentProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.code()).isEqualTo(kind.code());
                assertThat(e.getMessage())
                    .startsWith("Stripe Customer Portal session creation failed")
                    .contains("HTTP " + status)
                    .doesNotContain(KEY)
                    .doesNotContain("51LocalKeyThatMustNeverLeak");
                for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                  assertThat(String.valueOf(cause.getMessage())).doesNotContain(KEY);
                }
              });
    }

    @Test
    @DisplayName("a refused connection is UNREACHABLE")
    void unreachable() throws IOException {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      StripePaymentProvider nowhere =
          new StripePaymentProvider(
              StripeSettings.of(KEY, FRONTEND)
                  .withApiBase("http://127.0.0.1:" + closedPort)
                  .withMaxNetworkRetries(0));

      assertThatThrownBy(() -> nowhere.createPortalSession(CUSTOMER_ID))
          .isInstanceOfSatisfying(
              PaymentProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
          .hasMessageNotContaining(KEY);
    }

    @Test
    @DisplayName("an answer slower than the read timeout is UNREACHABLE, not a hang")
    void readTimeout() {
      stripe.on(
          "POST",
          "/v1/billing_portal/sessions",
          new Answer(200, StripeJson.portalSession("https://x"), Map.of(), Duration.ofSeconds(3)));
      StripePaymentProvider hasty =
          new StripePaymentProvider(
              settings(0).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));

      long started = System.nanoTime();
      assertThatThrownBy(() -> hasty.createPortalSession(CUSTOMER_ID))
          .isInstanceOfSatisfying(
              PaymentProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("blank ids are refused before any request")
    void blankIds() {
      assertThatThrownBy(() -> provider.fetchSubscription(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("subscriptionId");
      assertThatThrownBy(() -> provider.createPortalSession(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("customerId");
      assertThat(stripe.requests()).isEmpty();
    }
  }
}

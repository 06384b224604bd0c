package io.agnosticbilling.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.google.gson.JsonObject;
import io.agnosticbilling.adapter.stripe.LocalStripeServer.Recorded;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StripeCatalogSyncTest {
  /**
   * The default plans sold monthly only: the scripted answers below are for one price per plan
   * (yearly prices are synced against the sandbox in {@code StripeSandboxFlowTest}).
   */
  private static final PlanCatalog MONTHLY_ONLY =
      PlanCatalog.of(
          PlanCatalog.defaults().plans().stream()
              .map(p -> p.toBuilder().yearlyPrice(Optional.empty()).build())
              .toList(),
          PlanCatalog.DEFAULT_ALERT_THRESHOLDS);

  private static final String KEY = "sk_test_51CatalogKey0123456789";
  private static final String NO_PRICES = StripeJson.list("/v1/prices", false);

  private LocalStripeServer stripe;
  private StripeCatalogSync sync;

  @BeforeEach
  void start() throws IOException {
    stripe = new LocalStripeServer();
    sync =
        new StripeCatalogSync(
            StripeSettings.of(KEY, "http://localhost:3000")
                .withApiBase(stripe.baseUrl())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withMaxNetworkRetries(0));
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private void answerLookupWith(JsonObject price) {
    stripe.on("GET", "/v1/prices", 200, StripeJson.list("/v1/prices", false, price));
  }

  @Test
  @DisplayName("on an empty account, creates one product and one monthly price per paid plan")
  void createsWhatIsMissing() {
    stripe.on("GET", "/v1/prices", 200, NO_PRICES);
    stripe.on("POST", "/v1/products", 200, StripeJson.product("agnostic_billing_team", "Team"));
    stripe.on(
        "POST",
        "/v1/products",
        200,
        StripeJson.product("agnostic_billing_enterprise", "Enterprise"));
    stripe.on(
        "POST",
        "/v1/prices",
        200,
        StripeJson.price("price_team", "agnostic_billing_team_monthly", 9900, "month").toString());
    stripe.on(
        "POST",
        "/v1/prices",
        200,
        StripeJson.price("price_ent", "agnostic_billing_enterprise_monthly", 49900, "month")
            .toString());

    Map<PlanId, String> prices = sync.sync(MONTHLY_ONLY);

    assertThat(prices)
        .containsExactly(entry(PlanId.TEAM, "price_team"), entry(PlanId.ENTERPRISE, "price_ent"));
    List<Recorded> products = stripe.requests("POST", "/v1/products");
    assertThat(products).hasSize(2);
    assertThat(products.get(0).params())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("id", "agnostic_billing_team", "name", "Team", "metadata[plan]", "team"));
    assertThat(products.get(0).header("Idempotency-Key"))
        .startsWith("agnostic-billing:catalog:product:agnostic_billing_team:");
    List<Recorded> created = stripe.requests("POST", "/v1/prices");
    assertThat(created.get(0).params())
        .contains(
            entry("product", "agnostic_billing_team"),
            entry("currency", "usd"),
            entry("unit_amount", "9900"),
            entry("recurring[interval]", "month"),
            entry("lookup_key", "agnostic_billing_team_monthly"),
            entry("transfer_lookup_key", "false"));
    assertThat(created.get(1).params())
        .contains(
            entry("product", "agnostic_billing_enterprise"),
            entry("unit_amount", "49900"),
            entry("lookup_key", "agnostic_billing_enterprise_monthly"));
    assertThat(created.get(0).header("Idempotency-Key"))
        .startsWith("agnostic-billing:catalog:price:agnostic_billing_team_monthly:");
  }

  @Test
  @DisplayName("a price created again with transfer_lookup_key gets its own key, not a refusal")
  void transferIsPartOfTheKey() {
    stripe.on("POST", "/v1/products", 200, StripeJson.product("p", "P"));
    stripe.on(
        "POST", "/v1/prices", 200, StripeJson.price("price_new", "k", 9900, "month").toString());
    stripe.on("GET", "/v1/prices", 200, NO_PRICES);
    sync.sync(MONTHLY_ONLY);
    // The next lookup (team) still finds nothing; the one after (enterprise) finds a price of the
    // same amount in another currency, so enterprise is created again, moving its lookup key.
    JsonObject euro =
        StripeJson.price("price_eur", "agnostic_billing_enterprise_monthly", 49900, "month");
    euro.addProperty("currency", "eur");
    answerLookupWith(euro);

    Map<PlanId, String> again = sync.sync(MONTHLY_ONLY);

    assertThat(again).containsEntry(PlanId.ENTERPRISE, "price_new");
    List<Recorded> created = stripe.requests("POST", "/v1/prices");
    assertThat(created).hasSize(4);
    assertThat(created.get(1).params()).containsEntry("transfer_lookup_key", "false");
    assertThat(created.get(3).params()).containsEntry("transfer_lookup_key", "true");
    assertThat(created.get(3).header("Idempotency-Key"))
        .isNotEqualTo(created.get(1).header("Idempotency-Key"));
    assertThat(created.get(2).header("Idempotency-Key"))
        .as("the same request again keeps its key, so Stripe replays it")
        .isEqualTo(created.get(0).header("Idempotency-Key"));
  }

  @Test
  @DisplayName("the free plan is never sold: no lookup names it")
  void skipsFree() {
    stripe.on("GET", "/v1/prices", 200, NO_PRICES);
    stripe.on("POST", "/v1/products", 200, StripeJson.product("p", "P"));
    stripe.on(
        "POST", "/v1/prices", 200, StripeJson.price("price_x", "k", 9900, "month").toString());

    Map<PlanId, String> prices = sync.sync(MONTHLY_ONLY);

    assertThat(prices).doesNotContainKey(PlanId.FREE);
    assertThat(stripe.requests("GET", "/v1/prices"))
        .extracting(r -> r.params().get("lookup_keys[0]"))
        .containsExactly("agnostic_billing_team_monthly", "agnostic_billing_enterprise_monthly");
  }

  @Test
  @DisplayName("a second run finds the prices by lookup key and creates nothing")
  void idempotent() {
    answerLookupWith(
        StripeJson.price("price_team", "agnostic_billing_team_monthly", 9900, "month"));
    answerLookupWith(
        StripeJson.price("price_ent", "agnostic_billing_enterprise_monthly", 49900, "month"));

    Map<PlanId, String> prices = sync.sync(MONTHLY_ONLY);

    assertThat(prices)
        .containsExactly(entry(PlanId.TEAM, "price_team"), entry(PlanId.ENTERPRISE, "price_ent"));
    assertThat(stripe.requests()).noneMatch(r -> r.method().equals("POST"));
    assertThat(stripe.requests("GET", "/v1/prices").get(0).params())
        .contains(
            entry("active", "true"), entry("lookup_keys[0]", "agnostic_billing_team_monthly"));
  }

  @Test
  @DisplayName("a changed amount creates a new price on the existing product and moves the key")
  void changedAmount() {
    Map<Metric, Quota> unlimited =
        Map.of(Metric.USERS, Quota.unlimited(), Metric.TEST_RUNS, Quota.unlimited());
    PlanCatalog teamPlanOnly =
        PlanCatalog.of(
            List.of(
                new Plan(
                    PlanId.FREE,
                    "Free",
                    0,
                    Money.usd(0),
                    BillingInterval.MONTH,
                    unlimited,
                    List.of(),
                    Optional.empty()),
                new Plan(
                    PlanId.TEAM,
                    "Team",
                    1,
                    Money.usd(12900),
                    BillingInterval.MONTH,
                    unlimited,
                    List.of(),
                    Optional.empty())),
            PlanCatalog.DEFAULT_ALERT_THRESHOLDS);
    answerLookupWith(StripeJson.price("price_old", "agnostic_billing_team_monthly", 9900, "month"));
    stripe.on(
        "GET",
        "/v1/products/agnostic_billing_team",
        200,
        StripeJson.product("agnostic_billing_team", "Team"));
    stripe.on(
        "POST",
        "/v1/prices",
        200,
        StripeJson.price("price_new", "agnostic_billing_team_monthly", 12900, "month").toString());

    Map<PlanId, String> prices = sync.sync(teamPlanOnly);

    assertThat(prices).containsExactly(entry(PlanId.TEAM, "price_new"));
    assertThat(stripe.requests("POST", "/v1/products")).isEmpty();
    assertThat(stripe.requests("POST", "/v1/prices").get(0).params())
        .contains(
            entry("product", "agnostic_billing_team"),
            entry("unit_amount", "12900"),
            entry("transfer_lookup_key", "true"));
  }

  @Test
  @DisplayName("a refused key is reported as an authentication failure without the key")
  void authenticationFailure() {
    stripe.on(
        "GET",
        "/v1/prices",
        401,
        StripeJson.error("invalid_request_error", null, "Invalid API Key provided: " + KEY));

    assertThatThrownBy(() -> sync.sync(MONTHLY_ONLY))
        .isInstanceOfSatisfying(
            PaymentProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
        .hasMessageContaining("agnostic_billing_team_monthly")
        .hasMessageNotContaining(KEY);
  }

  @Test
  @DisplayName("the synced prices print as the environment lines the server reads")
  void environmentLines() {
    Map<PlanId, String> prices = new LinkedHashMap<>();
    prices.put(PlanId.TEAM, "price_team");
    prices.put(PlanId.of("pro-plus"), "price_pp");

    assertThat(StripeCatalogSync.environmentLines(prices))
        .isEqualTo("STRIPE_TEAM_PRICE_ID=price_team\nSTRIPE_PRO_PLUS_PRICE_ID=price_pp\n");
  }
}

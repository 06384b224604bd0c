package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.builder.Builders;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Entitlements, yearly prices, trials and promotion codes over HTTP")
class EntitlementsAndPricesApiTest {
  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("plans list every price sold, keyed features with their text, and display texts")
  void plansListPricesAndFeatures() {
    JsonNode plans = api.get("/api/billing/plans", null).json();
    JsonNode team = plans.get(1);
    JsonNode enterprise = plans.get(2);

    assertThat(team.path("prices"))
        .extracting(p -> p.path("interval").asText() + ":" + p.path("amount").asLong())
        .containsExactly("month:9900", "year:99000");
    assertThat(enterprise.path("prices"))
        .as("no yearly provider price configured for Enterprise: sold monthly only")
        .extracting(p -> p.path("interval").asText())
        .containsExactly("month");
    assertThat(enterprise.path("features"))
        .extracting(JsonNode::asText)
        .containsExactly("priority support", "SSO (coming soon)");
    assertThat(enterprise.path("featureDetails").get(1).toString())
        .isEqualTo("{\"key\":\"sso\",\"enabled\":false,\"text\":\"SSO (coming soon)\"}");
    assertThat(team.path("trialDays").isNull()).isTrue();
  }

  @Test
  @DisplayName("a member reads what the organization may use now; without a token, 401")
  void entitlementsForMembers() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String member = api.memberToken(ada, "bob@example.com", "member");

    Answer answer = api.get("/api/entitlements", member);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode e = answer.json();
    assertThat(e.path("plan").asText()).isEqualTo("free");
    assertThat(e.path("status").isNull()).isTrue();
    assertThat(e.path("trialEnd").isNull()).isTrue();
    assertThat(e.path("features").toString())
        .isEqualTo(
            "{\"communitySupport\":true,\"emailSupport\":false,\"prioritySupport\":false,"
                + "\"sso\":false}");
    assertThat(e.path("limits").path("testRuns").asLong()).isEqualTo(100);
    assertThat(e.path("usage").path("users").path("used").asLong()).isEqualTo(2);
    assertThat(api.get("/api/entitlements", null).status()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "a yearly Checkout of a trialing subscription: the overview and entitlements show the"
          + " interval and the trial's end")
  void yearlyTrialingSubscription() {
    Session ada = api.signUp("ada@example.com", "Engines");
    Answer checkout =
        api.post("/api/billing/checkout", "{\"plan\":\"team\",\"interval\":\"year\"}", ada.token());
    assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
    String sessionId = checkout.json().path("sessionId").asText();
    CheckoutRequest request = api.payments.checkoutRequest(sessionId).orElseThrow();
    assertThat(request.priceId()).isEqualTo("price_team_yearly");
    Instant trialEnd = ApiHarness.START.plus(Duration.ofDays(14));
    api.payments.completeCheckout(
        sessionId,
        Builders.aSubscriptionSnapshot()
            .id("sub_ada")
            .customer(request.customerId())
            .organization(ada.organizationId().value())
            .status(SubscriptionStatus.TRIALING)
            .price("price_team_yearly")
            .period(ApiHarness.START, ApiHarness.START.plus(Duration.ofDays(365)))
            .trialEnd(trialEnd)
            .startedAt(ApiHarness.START)
            .build());

    JsonNode overview =
        api.post("/api/billing/checkout/" + sessionId + "/confirm", "", ada.token()).json();
    JsonNode entitlements = api.get("/api/entitlements", ada.token()).json();

    assertThat(overview.path("plan").asText()).isEqualTo("team");
    assertThat(overview.path("interval").asText()).isEqualTo("year");
    assertThat(overview.path("trialEnd").asText()).isEqualTo(trialEnd.toString());
    assertThat(entitlements.path("status").asText()).isEqualTo("trialing");
    assertThat(entitlements.path("trialEnd").asText()).isEqualTo(trialEnd.toString());
    assertThat(entitlements.path("features").path("emailSupport").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("an interval not sold, or not an interval, is a 400 that changes nothing")
  void intervalRefusals() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer notSold =
        api.post(
            "/api/billing/checkout",
            "{\"plan\":\"enterprise\",\"interval\":\"year\"}",
            ada.token());
    Answer notAnInterval =
        api.post("/api/billing/checkout", "{\"plan\":\"team\",\"interval\":\"week\"}", ada.token());

    assertThat(notSold.problem(400, "interval_not_sold").path("field").asText())
        .isEqualTo("interval");
    assertThat(notAnInterval.problem(400, "invalid_input").path("field").asText())
        .isEqualTo("interval");
    assertThat(api.payments.calls()).isEmpty();
  }

  @Test
  @DisplayName("a host app's promotion code is applied; an unknown one is a 400 naming the code")
  void promotionCodes() {
    api.payments.putPromotionCode("SPRING25", "promo_spring");
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer unknown =
        api.post(
            "/api/billing/checkout", "{\"plan\":\"team\",\"promotionCode\":\"NOPE\"}", ada.token());
    assertThat(unknown.problem(400, "invalid_promotion_code").path("field").asText())
        .isEqualTo("promotionCode");
    assertThat(api.payments.calls("createCustomer")).isEmpty();

    Answer applied =
        api.post(
            "/api/billing/checkout",
            "{\"plan\":\"team\",\"promotionCode\":\"SPRING25\"}",
            ada.token());
    assertThat(applied.status()).as(applied.body()).isEqualTo(201);
    assertThat(
            api.payments
                .checkoutRequest(applied.json().path("sessionId").asText())
                .orElseThrow()
                .promotionCodeId())
        .contains("promo_spring");
  }
}

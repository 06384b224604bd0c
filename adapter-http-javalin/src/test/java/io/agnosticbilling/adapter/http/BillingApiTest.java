package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.testkit.builder.Builders;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Plans, Checkout, plan changes and the Portal over HTTP")
class BillingApiTest {
  private ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("anyone lists the plans: minor-unit prices, null for unlimited")
  void plansAreListedForAnyone() {
    Answer answer = api.get("/api/billing/plans", null);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode plans = answer.json();
    assertThat(plans)
        .extracting(p -> p.path("id").asText())
        .containsExactly("free", "team", "enterprise");
    JsonNode team = plans.get(1);
    assertThat(team.path("name").asText()).isEqualTo("Team");
    assertThat(team.path("price").path("amount").asLong()).isEqualTo(9900);
    assertThat(team.path("price").path("currency").asText()).isEqualTo("usd");
    assertThat(team.path("price").path("interval").asText()).isEqualTo("month");
    assertThat(team.path("limits").path("users").asLong()).isEqualTo(20);
    assertThat(team.path("limits").path("testRuns").asLong()).isEqualTo(1000);
    assertThat(plans.get(2).path("limits").path("testRuns").isNull()).isTrue();
    assertThat(plans.get(2).path("limits").path("users").isNull()).isTrue();
    assertThat(answer.body()).doesNotContain("price_team");
  }

  @Test
  @DisplayName(
      "checkout answers 201 with the session; confirming the paid session makes the overview Team")
  void checkoutThenConfirmUpgrades() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer checkout = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

    assertThat(checkout.status()).isEqualTo(201);
    String sessionId = checkout.json().path("sessionId").asText();
    assertThat(checkout.json().path("url").asText()).endsWith(sessionId);
    api.payments.completeCheckout(sessionId, paidTeamSubscription(ada));

    Answer confirmed = api.post("/api/billing/checkout/" + sessionId + "/confirm", "", ada.token());

    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    JsonNode overview = confirmed.json();
    assertThat(overview.path("plan").asText()).isEqualTo("team");
    assertThat(overview.path("status").asText()).isEqualTo("active");
    assertThat(overview.path("limits").path("testRuns").asLong()).isEqualTo(1000);
    assertThat(overview.path("portalAvailable").asBoolean()).isTrue();
    assertThat(api.heard).containsSequence("checkoutStarted:team", "checkoutConfirmed");
    assertThat(
            api.post("/api/billing/checkout/" + sessionId + "/confirm", "", ada.token())
                .json()
                .path("plan")
                .asText())
        .as("confirming twice changes nothing")
        .isEqualTo("team");
  }

  @Test
  void givenSessionOfAnotherOrganization_whenConfirming_then404() {
    Session ada = api.signUp("ada@example.com", "Engines");
    Session bob = api.signUp("bob@example.com", "Looms");
    String sessionId =
        api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token())
            .json()
            .path("sessionId")
            .asText();
    api.payments.completeCheckout(sessionId, paidTeamSubscription(ada));

    Answer answer = api.post("/api/billing/checkout/" + sessionId + "/confirm", "", bob.token());

    answer.problem(404, "checkout_session_not_found");
    assertThat(api.get("/api/billing", bob.token()).json().path("plan").asText()).isEqualTo("free");
  }

  @Test
  void givenFreeOrUnknownPlan_whenStartingCheckout_then400NamingPlan() {
    Session ada = api.signUp("ada@example.com", "Engines");

    for (String plan : new String[] {"free", "platinum", "Not A Plan"}) {
      Answer answer = api.post("/api/billing/checkout", "{\"plan\":\"" + plan + "\"}", ada.token());
      assertThat(answer.problem(400, "invalid_input").path("field").asText()).isEqualTo("plan");
    }
    assertThat(api.payments.calls("createCheckoutSession")).isEmpty();
  }

  @Test
  @DisplayName(
      "an organization that created its quota of Checkout sessions is told to wait (429), others"
          + " are not, and the window slides")
  void checkoutCreationIsRateLimitedPerOrganization() {
    api.close();
    api =
        ApiHarness.start(
            o ->
                o.billingSettings =
                    s -> s.withCheckoutLimit(new RateLimiter.Limit(3, Duration.ofMinutes(10))));
    Session ada = api.signUp("ada@example.com", "Engines");
    Session bob = api.signUp("bob@example.com", "Looms");

    for (int i = 0; i < 3; i++) {
      assertThat(api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token()).status())
          .isEqualTo(201);
    }
    Answer refused = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());
    refused.problem(429, "too_many_checkouts");
    assertThat(refused.header("Retry-After")).isPresent();
    assertThat(api.payments.calls("createCheckoutSession")).hasSize(3);
    assertThat(api.post("/api/billing/checkout", "{\"plan\":\"team\"}", bob.token()).status())
        .isEqualTo(201);

    api.clock.advance(Duration.ofMinutes(11));
    assertThat(api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token()).status())
        .isEqualTo(201);
  }

  @Test
  void givenPaidPlan_whenStartingAnotherCheckout_then409() {
    Session ada = upgradedToTeam();

    api.post("/api/billing/checkout", "{\"plan\":\"enterprise\"}", ada.token())
        .problem(409, "already_subscribed");
  }

  @Test
  void givenNoPaymentProvider_whenStartingCheckout_then503() {
    api.close();
    api = ApiHarness.start(o -> o.paymentsConfigured = false);
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer answer = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

    answer.problem(503, "payments_not_configured");
    assertThat(api.get("/api/webhooks/test", null).json().path("stripeConfigured").asBoolean())
        .isFalse();
  }

  @Test
  void givenNoSubscription_whenChangingPlan_then409() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer answer = api.post("/api/billing/change-plan", "{\"plan\":\"enterprise\"}", ada.token());

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.contentType()).startsWith("application/problem+json");
  }

  @Test
  @DisplayName("change-plan, cancel and resume answer the overview of the live subscription")
  void changeCancelResume() {
    Session ada = upgradedToTeam();

    Answer changed = api.post("/api/billing/change-plan", "{\"plan\":\"enterprise\"}", ada.token());
    Answer canceled = api.post("/api/billing/cancel", "", ada.token());
    Answer resumed = api.post("/api/billing/resume", "", ada.token());

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().path("plan").asText()).isEqualTo("enterprise");
    assertThat(canceled.json().path("cancelAtPeriodEnd").asBoolean()).isTrue();
    assertThat(resumed.json().path("cancelAtPeriodEnd").asBoolean()).isFalse();
    assertThat(api.payments.calls("changePrice")).hasSize(1);
  }

  @Test
  void givenNoCustomerYet_whenOpeningPortal_then409_andWithOne_then201WithUrl() {
    Session ada = api.signUp("ada@example.com", "Engines");
    assertThat(api.post("/api/billing/portal", "", ada.token()).status()).isEqualTo(409);

    Session upgraded = upgradedToTeam();
    Answer portal = api.post("/api/billing/portal", "", upgraded.token());

    assertThat(portal.status()).isEqualTo(201);
    assertThat(portal.json().path("url").asText()).startsWith("https://");
  }

  @Test
  @DisplayName("a rate-limited provider answers 503 with Retry-After, an unreachable one 502")
  void providerFailuresMapToGatewayAnswers() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.payments.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.RATE_LIMITED, "Too many"));
    Answer limited = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());
    api.payments.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.UNREACHABLE, "timeout"));
    Answer unreachable = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

    limited.problem(503, "provider_rate_limited");
    assertThat(limited.header("Retry-After")).hasValue("5");
    unreachable.problem(502, "provider_unreachable");
  }

  private SubscriptionSnapshot paidTeamSubscription(Session session) {
    return Builders.aSubscriptionSnapshot()
        .id("sub_" + session.organizationId().value())
        .customer(api.payments.customerOf(session.organizationId()).orElseThrow())
        .organization(session.organizationId().value())
        .price("price_team")
        .period(
            ApiHarness.START.minus(Duration.ofDays(1)), ApiHarness.START.plus(Duration.ofDays(29)))
        .startedAt(ApiHarness.START.minus(Duration.ofDays(1)))
        .build();
  }

  private Session upgradedToTeam() {
    Session session = api.signUp("team-admin@example.com", "Team Org");
    String sessionId =
        api.post("/api/billing/checkout", "{\"plan\":\"team\"}", session.token())
            .json()
            .path("sessionId")
            .asText();
    api.payments.completeCheckout(sessionId, paidTeamSubscription(session));
    assertThat(
            api.post("/api/billing/checkout/" + sessionId + "/confirm", "", session.token())
                .status())
        .isEqualTo(200);
    return session;
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.invoice.InvoiceSummary;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.testkit.builder.Builders;
import java.time.Duration;
import java.util.Optional;
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
  @DisplayName(
      "a downgrade is scheduled for the period end and shown as scheduledChange; resume clears it")
  void downgradeIsScheduledAndResumeClearsIt() {
    Session ada = upgradedToTeam();
    api.post("/api/billing/change-plan", "{\"plan\":\"enterprise\"}", ada.token());

    Answer scheduled = api.post("/api/billing/change-plan", "{\"plan\":\"team\"}", ada.token());

    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
    JsonNode overview = scheduled.json();
    assertThat(overview.path("plan").asText()).isEqualTo("enterprise");
    assertThat(overview.path("scheduledChange").path("plan").asText()).isEqualTo("team");
    assertThat(overview.path("scheduledChange").path("planName").asText()).isEqualTo("Team");
    assertThat(overview.path("scheduledChange").path("at").asText())
        .isEqualTo(overview.path("currentPeriod").path("end").asText());
    assertThat(api.get("/api/billing", ada.token()).json().path("scheduledChange").path("plan"))
        .hasToString("\"team\"");

    Answer resumed = api.post("/api/billing/resume", "", ada.token());

    assertThat(resumed.json().path("scheduledChange").isNull()).as(resumed.body()).isTrue();
    assertThat(resumed.json().path("plan").asText()).isEqualTo("enterprise");
    assertThat(api.payments.calls("releaseSchedule")).hasSize(1);
  }

  @Test
  @DisplayName("'when' picks the time: a downgrade 'now' swaps at once, an upgrade can wait")
  void explicitWhen() {
    Session ada = upgradedToTeam();

    Answer later =
        api.post(
            "/api/billing/change-plan",
            "{\"plan\":\"enterprise\",\"when\":\"period_end\"}",
            ada.token());
    Answer now =
        api.post("/api/billing/change-plan", "{\"plan\":\"team\",\"when\":\"now\"}", ada.token());

    assertThat(later.json().path("scheduledChange").path("plan").asText()).isEqualTo("enterprise");
    assertThat(now.json().path("plan").asText()).isEqualTo("team");
    assertThat(now.json().path("scheduledChange").isNull()).isTrue();
  }

  @Test
  @DisplayName("an unknown 'when' is a 400 naming the field, and nothing is asked of the provider")
  void badWhen() {
    Session ada = upgradedToTeam();
    int before = api.payments.calls().size();

    Answer change =
        api.post("/api/billing/change-plan", "{\"plan\":\"team\",\"when\":\"later\"}", ada.token());
    Answer cancel = api.post("/api/billing/cancel", "{\"when\":\"sometime\"}", ada.token());
    Answer notText = api.post("/api/billing/cancel", "{\"when\":1}", ada.token());

    assertThat(change.problem(400, "invalid_input").path("field").asText()).isEqualTo("when");
    assertThat(cancel.problem(400, "invalid_input").path("field").asText()).isEqualTo("when");
    assertThat(notText.problem(400, "invalid_input").path("field").asText()).isEqualTo("when");
    assertThat(api.payments.calls()).hasSize(before);
  }

  @Test
  @DisplayName("cancel 'now' ends the subscription at once: status canceled, Free plan")
  void cancelNow() {
    Session ada = upgradedToTeam();

    Answer canceled = api.post("/api/billing/cancel", "{\"when\":\"now\"}", ada.token());

    assertThat(canceled.status()).as(canceled.body()).isEqualTo(200);
    assertThat(canceled.json().path("status").asText()).isEqualTo("canceled");
    assertThat(canceled.json().path("plan").asText()).isEqualTo("free");
    assertThat(api.payments.calls("cancelNow")).hasSize(1);
  }

  @Test
  @DisplayName(
      "invoices: the admin's list from the provider, newest first, in the contract's shape")
  void invoices() {
    Session ada = upgradedToTeam();
    String customer = api.payments.customerOf(ada.organizationId()).orElseThrow();
    api.payments.putInvoice(customer, invoice("in_1", "ORG-0001", 0));
    api.payments.putInvoice(customer, invoice("in_2", "ORG-0002", 30));

    Answer answer = api.get("/api/billing/invoices", ada.token());
    Answer one = api.get("/api/billing/invoices?limit=1", ada.token());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode newest = answer.json().get(0);
    assertThat(answer.json()).hasSize(2);
    assertThat(newest.path("id").asText()).isEqualTo("in_2");
    assertThat(newest.path("number").asText()).isEqualTo("ORG-0002");
    assertThat(newest.path("status").asText()).isEqualTo("paid");
    assertThat(newest.path("amount").path("amount").asLong()).isEqualTo(9900);
    assertThat(newest.path("amount").path("currency").asText()).isEqualTo("usd");
    assertThat(newest.path("created").asText()).isEqualTo("2025-03-10T12:30:00Z");
    assertThat(newest.path("periodStart").asText()).isEqualTo("2025-03-10T12:00:00Z");
    assertThat(newest.path("periodEnd").asText()).isEqualTo("2025-04-09T12:00:00Z");
    assertThat(newest.path("hostedInvoiceUrl").asText()).isEqualTo("https://invoice.test/in_2");
    assertThat(newest.path("pdfUrl").asText()).isEqualTo("https://invoice.test/in_2.pdf");
    assertThat(one.json()).hasSize(1);
    assertThat(api.payments.calls("listInvoices").get(1).arguments()).containsExactly(customer, 1);
  }

  @Test
  @DisplayName(
      "invoices: bad limits are 400, members 403, no customer an empty list, no payments 503")
  void invoiceRefusals() {
    Session ada = api.signUp("ada@example.com", "Engines");
    for (String limit : new String[] {"0", "101", "-1", "ten", "1.5"}) {
      Answer answer = api.get("/api/billing/invoices?limit=" + limit, ada.token());
      assertThat(answer.problem(400, "invalid_input").path("field").asText()).isEqualTo("limit");
    }
    String member = api.memberToken(ada, "mia@example.com", "member");
    assertThat(api.get("/api/billing/invoices", member).status()).isEqualTo(403);
    assertThat(api.get("/api/billing/invoices", null).status()).isEqualTo(401);
    Answer none = api.get("/api/billing/invoices?limit=100", ada.token());
    assertThat(none.status()).isEqualTo(200);
    assertThat(none.json()).isEmpty();
    assertThat(api.payments.calls("listInvoices")).isEmpty();

    api.close();
    api = ApiHarness.start(o -> o.paymentsConfigured = false);
    Session bob = api.signUp("bob@example.com", "Looms");
    api.get("/api/billing/invoices", bob.token()).problem(503, "payments_not_configured");
  }

  private static InvoiceSummary invoice(String id, String number, int minutes) {
    return new InvoiceSummary(
        id,
        Optional.of(number),
        "paid",
        Money.usd(9900),
        ApiHarness.START.plus(Duration.ofMinutes(minutes)),
        ApiHarness.START,
        ApiHarness.START.plus(Duration.ofDays(30)),
        Optional.of("https://invoice.test/" + id),
        Optional.of("https://invoice.test/" + id + ".pdf"));
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

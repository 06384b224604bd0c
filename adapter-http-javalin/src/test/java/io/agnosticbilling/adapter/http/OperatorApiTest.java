package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.testkit.builder.Builders;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Operator routes: metrics, webhook log, replay and reconciliation")
class OperatorApiTest {
  private final ApiHarness api = ApiHarness.start();
  private Session ops;
  private Session ada;

  @BeforeEach
  void signUp() {
    ops = api.signUp(ApiHarness.OPERATOR_EMAIL, "Operators");
    ada = api.signUp("ada@example.com", "Engines");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private BillingEvent.SubscriptionChanged teamSubscription(String eventId, String price) {
    return Builders.aSubscriptionEvent(Change.CREATED)
        .eventId(eventId)
        .created(api.clock.instant())
        .subscription(
            Builders.aSubscriptionSnapshot()
                .id("sub_" + eventId)
                .customer("cus_1")
                .organization(ada.organizationId().value())
                .price(price)
                .period(ApiHarness.START, ApiHarness.START.plus(Duration.ofDays(30)))
                .startedAt(api.clock.instant()))
        .build();
  }

  private void deliver(String eventId, String price) {
    String body = "{\"id\":\"" + eventId + "\"}";
    api.verifier.register(body, teamSubscription(eventId, price));
    api.send(
        "POST",
        "/api/webhooks/stripe",
        HttpRequest.BodyPublishers.ofString(body),
        "Stripe-Signature",
        FakePaymentEvents.VALID);
    api.clock.advance(Duration.ofSeconds(10));
  }

  @Test
  @DisplayName(
      "metrics count today's webhooks and organizations by plan, with revenue in minor units")
  void metricsAnswerTheFigures() {
    deliver("evt_1", "price_team");

    Answer answer = api.get("/api/admin/metrics", ops.token());

    assertThat(answer.status()).isEqualTo(200);
    JsonNode metrics = answer.json();
    assertThat(metrics.path("webhooksToday").asLong()).isEqualTo(1);
    assertThat(metrics.path("webhooksTodayByType").path("customer.subscription.created").asLong())
        .isEqualTo(1);
    assertThat(metrics.path("organizationsByPlan").path("team").asLong()).isEqualTo(1);
    assertThat(metrics.path("organizationsByPlan").path("free").asLong()).isEqualTo(1);
    assertThat(metrics.path("monthlyRecurringRevenue")).hasSize(1);
    assertThat(metrics.path("monthlyRecurringRevenue").path(0).path("amount").asLong())
        .isEqualTo(9900);
    assertThat(metrics.path("monthlyRecurringRevenue").path(0).path("currency").asText())
        .isEqualTo("usd");
    assertThat(metrics.path("at").asText()).endsWith("Z");
  }

  @Test
  @DisplayName("the webhook log lists newest first, filters by status and pages with nextOffset")
  void webhookLogListsFiltersAndPages() {
    deliver("evt_1", "price_team");
    deliver("evt_2", "price_unknown");
    deliver("evt_3", "price_team");

    JsonNode errors = api.get("/api/admin/webhooks?status=error", ops.token()).json();
    JsonNode firstPage = api.get("/api/admin/webhooks?limit=2", ops.token()).json();
    JsonNode lastPage = api.get("/api/admin/webhooks?limit=2&offset=2", ops.token()).json();

    assertThat(errors.path("items"))
        .extracting(e -> e.path("eventId").asText())
        .containsExactly("evt_2");
    JsonNode failed = errors.path("items").get(0);
    assertThat(failed.path("status").asText()).isEqualTo("error");
    assertThat(failed.path("attempts").asInt()).isEqualTo(1);
    assertThat(failed.path("error").asText()).contains("price_unknown");
    assertThat(failed.has("payload")).isFalse();
    assertThat(firstPage.path("items"))
        .extracting(e -> e.path("eventId").asText())
        .containsExactly("evt_3", "evt_2");
    assertThat(firstPage.path("nextOffset").asInt()).isEqualTo(2);
    assertThat(lastPage.path("items"))
        .extracting(e -> e.path("eventId").asText())
        .containsExactly("evt_1");
    assertThat(lastPage.path("nextOffset").isNull()).isTrue();
  }

  @Test
  void givenUnknownStatusOrBadPaging_whenListingWebhooks_then400NamingTheParameter() {
    assertThat(
            api.get("/api/admin/webhooks?status=broken", ops.token())
                .problem(400, "invalid_input")
                .path("field")
                .asText())
        .isEqualTo("status");
    assertThat(
            api.get("/api/admin/webhooks?limit=0", ops.token())
                .problem(400, "invalid_input")
                .path("field")
                .asText())
        .isEqualTo("limit");
    assertThat(
            api.get("/api/admin/webhooks?offset=abc", ops.token())
                .problem(400, "invalid_input")
                .path("field")
                .asText())
        .isEqualTo("offset");
  }

  @Test
  @DisplayName(
      "replaying a failed event processes it again; a finished one is 409, an unknown one 404")
  void replayProcessesFailedEventsOnly() {
    deliver("evt_bad", "price_unknown");
    // The operator fixed the cause (here: the event now names a price the catalog sells).
    api.verifier.register("{\"id\":\"evt_bad\"}", teamSubscription("evt_bad", "price_team"));

    Answer replayed = api.post("/api/admin/webhooks/evt_bad/replay", "", ops.token());
    Answer again = api.post("/api/admin/webhooks/evt_bad/replay", "", ops.token());
    Answer unknown = api.post("/api/admin/webhooks/evt_nope/replay", "", ops.token());

    assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
    assertThat(replayed.json().path("eventId").asText()).isEqualTo("evt_bad");
    assertThat(replayed.json().path("status").asText()).isEqualTo("processed");
    assertThat(replayed.json().path("duplicate").asBoolean()).isFalse();
    assertThat(api.get("/api/billing", ada.token()).json().path("plan").asText()).isEqualTo("team");
    again.problem(409, "event_not_replayable");
    unknown.problem(404, "event_not_found");
  }

  @Test
  @DisplayName("reconcile applies what the provider has and reports the drift")
  void reconcileReportsDrift() {
    api.payments.putSubscription(teamSubscription("evt_x", "price_team").subscription());

    Answer answer = api.post("/api/admin/reconcile", "", ops.token());

    assertThat(answer.status()).isEqualTo(200);
    JsonNode report = answer.json();
    assertThat(report.path("checked").asInt()).isEqualTo(1);
    assertThat(report.path("inSync").asInt()).isZero();
    assertThat(report.toString()).contains("sub_evt_x");
    assertThat(api.get("/api/billing", ada.token()).json().path("plan").asText()).isEqualTo("team");
  }

  @Test
  void givenMemberOrAdminWithoutOperatorClaim_whenCallingOperatorRoutes_then403() {
    api.get("/api/admin/webhooks", ada.token()).problem(403, "forbidden");
    api.post("/api/admin/webhooks/evt_1/replay", "", ada.token()).problem(403, "forbidden");
    api.get("/api/admin/metrics", null).problem(401, "authentication_required");
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.testkit.builder.Builders;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Stripe webhook route: raw body, signature check injected, 200 / 400 / 413 / 5xx")
class WebhookApiTest {
  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  private Answer deliver(String body, String signature) {
    return signature == null
        ? api.send("POST", "/api/webhooks/stripe", HttpRequest.BodyPublishers.ofString(body))
        : api.send(
            "POST",
            "/api/webhooks/stripe",
            HttpRequest.BodyPublishers.ofString(body),
            "Stripe-Signature",
            signature,
            "Content-Type",
            "application/json");
  }

  private BillingEvent subscriptionCreated(Session session, String eventId, String price) {
    return Builders.aSubscriptionEvent(Change.CREATED)
        .eventId(eventId)
        .created(ApiHarness.START)
        .subscription(
            Builders.aSubscriptionSnapshot()
                .id("sub_1")
                .customer("cus_1")
                .organization(session.organizationId().value())
                .price(price)
                .period(ApiHarness.START, ApiHarness.START.plus(Duration.ofDays(30)))
                .startedAt(ApiHarness.START))
        .build();
  }

  @Test
  @DisplayName(
      "a verified event is applied and answered 200; the same delivery again is a duplicate")
  void verifiedEventIsAppliedOnce() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String body = "{\"id\":\"evt_1\",\"type\":\"customer.subscription.created\"}";
    api.verifier.register(body, subscriptionCreated(ada, "evt_1", "price_team"));

    Answer first = deliver(body, FakePaymentEvents.VALID);
    Answer again = deliver(body, FakePaymentEvents.VALID);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("received").asBoolean()).isTrue();
    assertThat(first.json().path("duplicate").asBoolean()).isFalse();
    assertThat(again.json().path("duplicate").asBoolean()).isTrue();
    assertThat(api.get("/api/billing", ada.token()).json().path("plan").asText()).isEqualTo("team");
    assertThat(api.webhookLog.find("evt_1"))
        .hasValueSatisfying(e -> assertThat(e.payload()).isEqualTo(body));
    assertThat(api.heard).contains("webhookHandled:customer.subscription.created:processed");
  }

  @Test
  void givenNoSignature_whenDelivering_then400AndNothingLogged() {
    Answer answer = deliver("{\"id\":\"evt_1\"}", null);

    answer.problem(400, "missing_signature");
    assertThat(api.webhookLog.find("evt_1")).isEmpty();
    assertThat(api.heard).contains("webhookRejected:missing_signature");
  }

  @Test
  void givenWrongSignature_whenDelivering_then400InvalidSignature() {
    deliver("{\"id\":\"evt_1\"}", "t=1,v1=forged").problem(400, "invalid_signature");
  }

  @Test
  void givenNoWebhookSecret_whenDelivering_then400NotConfigured() {
    try (ApiHarness unconfigured = ApiHarness.start(o -> o.webhookSecretConfigured = false)) {
      Answer answer =
          unconfigured.send(
              "POST",
              "/api/webhooks/stripe",
              HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_1\"}"),
              "Stripe-Signature",
              FakePaymentEvents.VALID);

      answer.problem(400, "not_configured");
      assertThat(
              unconfigured
                  .get("/api/webhooks/test", null)
                  .json()
                  .path("webhookSecretConfigured")
                  .asBoolean())
          .isFalse();
    }
  }

  @Test
  @DisplayName("a body over 1 MiB gets 413, declared or streamed, before the signature is checked")
  void oversizedWebhookIs413() {
    String big = "{\"pad\":\"" + "x".repeat(HttpSettings.DEFAULT_MAX_WEBHOOK_BODY_BYTES) + "\"}";

    Answer declared = deliver(big, FakePaymentEvents.VALID);
    Answer streamed =
        api.send(
            "POST",
            "/api/webhooks/stripe",
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big.getBytes())),
            "Stripe-Signature",
            FakePaymentEvents.VALID);

    declared.problem(413, "body_too_large");
    streamed.problem(413, "body_too_large");
    assertThat(api.heard).contains("webhookRejected:body_too_large");
  }

  @Test
  void givenBodyJustUnderTheLimit_whenDelivering_thenItIsVerifiedNotRefusedForSize() {
    String body =
        "{\"pad\":\"" + "x".repeat(HttpSettings.DEFAULT_MAX_WEBHOOK_BODY_BYTES - 20) + "\"}";

    Answer answer = deliver(body, FakePaymentEvents.VALID);

    answer.problem(400, "malformed_payload");
  }

  @Test
  @DisplayName("an event that fails to apply answers 500 so Stripe retries, and is logged as error")
  void failedEventAnswers5xx() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String body = "{\"id\":\"evt_bad\"}";
    api.verifier.register(body, subscriptionCreated(ada, "evt_bad", "price_unknown"));

    Answer answer = deliver(body, FakePaymentEvents.VALID);

    JsonNode problem = answer.problem(500, "event_processing_failed");
    assertThat(problem.path("detail").asText()).contains("price_unknown");
    assertThat(api.webhookLog.find("evt_bad"))
        .hasValueSatisfying(e -> assertThat(e.status().wireName()).isEqualTo("error"));
    assertThat(api.heard)
        .contains("webhookFailed:customer.subscription.created:event_processing_failed");
    assertThat(api.get("/api/billing", ada.token()).json().path("plan").asText()).isEqualTo("free");
  }

  @Test
  void webhookProbeSaysWhatIsConfigured() {
    Answer answer = api.get("/api/webhooks/test", null);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.path("status").asText()).isEqualTo("ok");
    assertThat(json.path("message").asText()).isEqualTo("Webhook endpoint is accessible");
    assertThat(json.path("stripeConfigured").asBoolean()).isTrue();
    assertThat(json.path("webhookSecretConfigured").asBoolean()).isTrue();
  }
}

package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.agnosticbilling.adapter.http.WebhookRejected;
import io.agnosticbilling.adapter.stripe.StripeWebhookVerifier;
import io.agnosticbilling.domain.event.BillingEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StripeWebhookVerifierAdapterTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final String SECRET = "whsec_adapterTest123";
  private final StripeWebhookVerifierAdapter adapter =
      new StripeWebhookVerifierAdapter(
          new StripeWebhookVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC)));

  @Test
  @DisplayName("a correctly signed event passes through as the translated domain event")
  void signedEventPasses() throws Exception {
    String payload =
        StripeEvents.event("evt_ok1", "customer.created", NOW.getEpochSecond(), new JsonObject());

    BillingEvent event =
        adapter.verify(
            payload, Optional.of(StripeEvents.signature(payload, NOW.getEpochSecond(), SECRET)));

    assertThat(event.header().id()).isEqualTo("evt_ok1");
    assertThat(adapter.secretConfigured()).isTrue();
  }

  @Test
  @DisplayName("an event of another Stripe API release is refused as api_version_mismatch")
  void otherApiVersion() {
    JsonObject event =
        JsonParser.parseString(
                StripeEvents.event(
                    "evt_old1", "customer.created", NOW.getEpochSecond(), new JsonObject()))
            .getAsJsonObject();
    event.addProperty("api_version", "2024-11-20.acacia");
    String payload = event.toString();

    assertThatThrownBy(
            () ->
                adapter.verify(
                    payload,
                    Optional.of(StripeEvents.signature(payload, NOW.getEpochSecond(), SECRET))))
        .isInstanceOfSatisfying(
            WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("api_version_mismatch"))
        .hasMessageContaining("2024-11-20.acacia");
  }

  @Test
  @DisplayName("a header without t= is an invalid signature, without a header a missing one")
  void malformedAndMissingHeaders() {
    String payload =
        StripeEvents.event("evt_x1", "customer.created", NOW.getEpochSecond(), new JsonObject());

    assertThatThrownBy(() -> adapter.verify(payload, Optional.of("v1=abc")))
        .isInstanceOfSatisfying(
            WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("invalid_signature"));
    assertThatThrownBy(() -> adapter.verify(payload, Optional.empty()))
        .isInstanceOfSatisfying(
            WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("missing_signature"));
  }

  @Test
  @DisplayName("a body that is signed but not an event is malformed_payload")
  void malformedPayload() {
    String payload = "{\"not\":\"an event\"}";

    assertThatThrownBy(
            () ->
                adapter.verify(
                    payload,
                    Optional.of(StripeEvents.signature(payload, NOW.getEpochSecond(), SECRET))))
        .isInstanceOfSatisfying(
            WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("malformed_payload"));
  }
}

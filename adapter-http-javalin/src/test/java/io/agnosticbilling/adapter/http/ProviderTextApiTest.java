package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import io.agnosticbilling.testkit.builder.Builders;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("No answer carries a provider's or the JVM's text; the log keeps it, masked")
class ProviderTextApiTest {
  private static final String PROVIDER_TEXT =
      "Stripe subscription retrieval failed (Stripe could not be reached): IOException during API"
          + " request to Stripe (https://api.stripe.com): Connection refused, key sk_test_abc123def";

  private ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("a webhook that needs the unreachable provider answers 5xx in our own words")
  void webhookNeedingUnreachableProvider() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String body = "{\"id\":\"evt_cs\",\"type\":\"checkout.session.completed\"}";
    api.verifier.register(
        body,
        Builders.aCheckoutCompletedEvent()
            .eventId("evt_cs")
            .created(ApiHarness.START)
            .organization(ada.organizationId().value())
            .customer("cus_1")
            .subscription("sub_unknown")
            .build());
    api.payments.failAlways(new PaymentProviderException(Kind.UNREACHABLE, PROVIDER_TEXT));

    try (LogCapture log = LogCapture.start()) {
      Answer answer =
          api.send(
              "POST",
              "/api/webhooks/stripe",
              HttpRequest.BodyPublishers.ofString(body),
              "Stripe-Signature",
              FakePaymentEvents.VALID,
              "Content-Type",
              "application/json");

      assertThat(answer.status()).isBetween(500, 599);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertNoProviderText(answer);
      assertThat(String.join("\n", log.lines()))
          .as("the operator's log keeps what happened, with secrets masked")
          .contains("Connection refused")
          .contains("sk_test_***")
          .doesNotContain("abc123def");
    }
  }

  @Test
  @DisplayName("a declined card is answered 402 in our words, not the provider's")
  void cardDeclinedInOurWords() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.payments.failNext(
        new PaymentProviderException(
            Kind.CARD_DECLINED,
            "Your card has insufficient funds. [request req_123, sk_test_abc]"));

    Answer answer = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

    answer.problem(402, "card_declined");
    assertThat(answer.body()).doesNotContain("insufficient").doesNotContain("req_123");
  }

  @Test
  @DisplayName("payments turned off are explained without naming the server's variables")
  void paymentsOffNamesNoVariable() {
    api.close();
    api = ApiHarness.start(o -> o.paymentsConfigured = false);
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer answer = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

    answer.problem(503, "payments_not_configured");
    assertThat(answer.body()).doesNotContain("STRIPE_").doesNotContain("_KEY");
  }

  @Test
  @DisplayName("a webhook refused for want of a secret does not name the server's variable")
  void webhookNotConfiguredNamesNoVariable() {
    api.close();
    api = ApiHarness.start(o -> o.webhookSecretConfigured = false);

    Answer answer =
        api.send(
            "POST",
            "/api/webhooks/stripe",
            HttpRequest.BodyPublishers.ofString("{}"),
            "Stripe-Signature",
            FakePaymentEvents.VALID);

    answer.problem(400, "not_configured");
    assertThat(answer.body()).doesNotContain("STRIPE_").doesNotContain("SECRET");
  }

  private static void assertNoProviderText(Answer answer) {
    assertThat(answer.body())
        .doesNotContain("IOException")
        .doesNotContain("api.stripe.com")
        .doesNotContain("Connection refused")
        .doesNotContain("sk_test")
        .doesNotContain("Exception")
        .doesNotContain("STRIPE_");
  }
}

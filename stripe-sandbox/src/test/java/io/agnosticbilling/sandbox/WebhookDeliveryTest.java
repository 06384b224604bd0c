package io.agnosticbilling.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import io.agnosticbilling.sandbox.WebhookReceiver.Received;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
  private final SandboxFixture fx = new SandboxFixture();

  @AfterEach
  void stop() {
    fx.close();
  }

  private List<String> receivedIds(List<Received> received) {
    return received.stream().map(r -> SandboxFixture.json(r.body()).get("id").asText()).toList();
  }

  @Test
  @DisplayName("every event is signed so that stripe-java's Webhook.constructEvent accepts it")
  void signaturesVerifyWithStripeJava() throws Exception {
    String price = fx.price("team", 9900).getId();
    fx.subscribe(price, "4242424242424242", null);
    int emitted = fx.sandbox.events().size();

    List<Received> received = fx.receiver.await(r -> r.size() >= emitted);

    for (Received delivery : received) {
      Event event =
          Webhook.constructEvent(delivery.body(), delivery.signature(), fx.sandbox.webhookSecret());
      assertThat(event.getApiVersion()).isEqualTo("2026-07-29.dahlia");
      assertThat(event.getDataObjectDeserializer().getObject())
          .as("the payload deserializes in the pinned version: " + event.getType())
          .isPresent();
    }
    assertThat(received.stream().map(r -> SandboxFixture.json(r.body()).get("type").asText()))
        .containsExactly(
            "product.created",
            "price.created",
            "customer.created",
            "customer.subscription.created",
            "invoice.payment_succeeded",
            "checkout.session.completed");
  }

  @Test
  @DisplayName("a signature made with another secret is refused by stripe-java")
  void wrongSecretRefused() throws Exception {
    fx.customer("a@acme.test");
    Received delivery = fx.receiver.await(r -> !r.isEmpty()).get(0);

    assertThatThrownBy(
            () -> Webhook.constructEvent(delivery.body(), delivery.signature(), "whsec_other"))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  @DisplayName("non-2xx answers are retried with growing waits until one is 2xx")
  void retriesUntilSuccess() throws Exception {
    fx.receiver.answer(500, 503, 404);
    fx.customer("a@acme.test");

    List<Received> received = fx.receiver.await(r -> r.size() >= 4);
    String eventId = fx.sandbox.events().get(0).id();

    assertThat(receivedIds(received)).containsOnly(eventId).hasSize(4);
    long firstGap = received.get(1).receivedAtMillis() - received.get(0).receivedAtMillis();
    long lastGap = received.get(3).receivedAtMillis() - received.get(2).receivedAtMillis();
    assertThat(firstGap).isGreaterThanOrEqualTo(45);
    assertThat(lastGap).as("the wait doubles").isGreaterThanOrEqualTo(190);
    awaitDelivered(eventId);
    SandboxEvent event = fx.sandbox.events().get(0);
    assertThat(event.attempts()).isEqualTo(4);
    assertThat(event.lastResult()).isEqualTo("HTTP 200");
    Thread.sleep(300);
    assertThat(fx.receiver.received()).as("nothing more once delivered").hasSize(4);
  }

  @Test
  @DisplayName("duplicate fault: every event arrives twice")
  void duplicate() throws Exception {
    fx.sandbox.faults().duplicate(true);
    fx.customer("a@acme.test");
    fx.customer("b@acme.test");

    List<Received> received = fx.receiver.await(r -> r.size() >= 4);

    List<String> ids = fx.sandbox.events().stream().map(SandboxEvent::id).toList();
    assertThat(receivedIds(received))
        .containsExactlyInAnyOrder(ids.get(0), ids.get(0), ids.get(1), ids.get(1));
  }

  @Test
  @DisplayName("drop fault: the first attempt is lost and the retry delivers")
  void dropThenRedeliver() throws Exception {
    fx.sandbox.faults().dropFirstAttempt(true);
    fx.customer("a@acme.test");

    List<Received> received = fx.receiver.await(r -> !r.isEmpty());

    assertThat(received).hasSize(1);
    awaitDelivered(fx.sandbox.events().get(0).id());
    assertThat(fx.sandbox.events().get(0).attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("shuffle fault: one action's events arrive in another order, all of them")
  void shuffle() throws Exception {
    String price = fx.price("team", 9900).getId();
    fx.receiver.await(r -> r.size() >= 2);
    fx.sandbox.faults().shuffle(true);
    fx.subscribe(price, "4242424242424242", null);
    List<String> emitted = fx.sandbox.events().stream().map(SandboxEvent::id).skip(2).toList();
    // The payment is one action: subscription created, invoice paid, session completed.
    List<String> checkoutBatch = emitted.subList(emitted.size() - 3, emitted.size());

    List<Received> received = fx.receiver.await(r -> r.size() >= 2 + emitted.size());
    List<String> delivered =
        receivedIds(received).stream().filter(checkoutBatch::contains).toList();

    assertThat(delivered).containsExactlyInAnyOrderElementsOf(checkoutBatch);
    assertThat(delivered).isNotEqualTo(checkoutBatch);
  }

  @Test
  @DisplayName("delay fault: the first attempt waits the configured time")
  void delay() throws Exception {
    fx.sandbox.faults().delay(Duration.ofMillis(400));
    long before = System.currentTimeMillis();
    fx.customer("a@acme.test");

    Received first = fx.receiver.await(r -> !r.isEmpty()).get(0);

    assertThat(first.receivedAtMillis() - before).isGreaterThanOrEqualTo(400);
  }

  @Test
  @DisplayName("an endpoint set after start receives the events emitted from then on")
  void endpointAfterStart() throws Exception {
    try (StripeSandbox late = StripeSandbox.start(SandboxOptions.defaults());
        WebhookReceiver app = new WebhookReceiver()) {
      StripeClient client =
          StripeClient.builder().setApiKey(late.secretKey()).setApiBase(late.baseUrl()).build();
      client.v1().customers().create(CustomerCreateParams.builder().setName("before").build());

      late.deliverTo(app.endpoint());
      client.v1().customers().create(CustomerCreateParams.builder().setName("after").build());

      List<Received> received = app.await(r -> !r.isEmpty());
      assertThat(late.webhookEndpoint()).contains(app.endpoint());
      assertThat(receivedIds(received)).containsExactly(late.events().get(1).id());
      assertThat(late.events().get(0).lastResult()).isEqualTo("not sent (no endpoint)");
    }
  }

  private void awaitDelivered(String eventId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (fx.sandbox.events().stream().anyMatch(e -> e.id().equals(eventId) && e.delivered())) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("event " + eventId + " never marked delivered");
  }
}

package io.agnosticbilling.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.SubscriptionUpdateParams;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TestClockTest {
  private static final long DAY = 86_400;
  // 2026-02-01T00:00:00Z: one calendar month after the fixture's start.
  private static final long FEB_1 = 1_769_904_000L;

  private final SandboxFixture fx =
      new SandboxFixture(SandboxOptions.builder().dunningRetryDays(List.of(3, 5, 7)));

  @AfterEach
  void stop() {
    fx.close();
  }

  private Subscription subscription(String id) throws Exception {
    return fx.stripe.v1().subscriptions().retrieve(id);
  }

  private List<JsonNode> events(String type) {
    return fx.sandbox.events().stream()
        .filter(e -> e.type().equals(type))
        .map(e -> SandboxFixture.json(e.payload()))
        .toList();
  }

  @Test
  @DisplayName("advancing past the period end renews: new period on the item, invoice paid")
  void renewal() throws Exception {
    String price = fx.price("team", 9900).getId();
    String id = fx.subscribe(price, "4242424242424242", null);

    fx.sandbox.advanceClock(Duration.ofDays(32));

    Subscription renewed = subscription(id);
    assertThat(renewed.getStatus()).isEqualTo("active");
    assertThat(renewed.getItems().getData().get(0).getCurrentPeriodStart()).isEqualTo(FEB_1);
    assertThat(renewed.getItems().getData().get(0).getCurrentPeriodEnd())
        .isEqualTo(FEB_1 + 28 * DAY);
    List<JsonNode> paid = events("invoice.payment_succeeded");
    assertThat(paid).hasSize(2);
    JsonNode invoice = paid.get(1).at("/data/object");
    assertThat(invoice.get("billing_reason").asText()).isEqualTo("subscription_cycle");
    assertThat(invoice.get("amount_paid").asLong()).isEqualTo(9900);
    assertThat(invoice.at("/parent/subscription_details/subscription").asText()).isEqualTo(id);
    assertThat(invoice.at("/lines/data/0/period/start").asLong()).isEqualTo(FEB_1);
    assertThat(paid.get(1).get("created").asLong())
        .as("emitted at the renewal instant")
        .isEqualTo(FEB_1);
    List<Invoice> invoices =
        fx.stripe
            .v1()
            .invoices()
            .list(InvoiceListParams.builder().setSubscription(id).build())
            .getData();
    assertThat(invoices).extracting(Invoice::getStatus).containsExactly("paid", "paid");
  }

  @Test
  @DisplayName("the 0341 card pays at Checkout, fails at renewal: past_due, retried, then unpaid")
  void failingCardDunning() throws Exception {
    String price = fx.price("team", 9900).getId();
    String id = fx.subscribe(price, "4000000000000341", null);
    assertThat(subscription(id).getStatus()).isEqualTo("active");

    fx.sandbox.advanceClock(Duration.ofDays(31));

    assertThat(subscription(id).getStatus()).isEqualTo("past_due");
    List<JsonNode> failed = events("invoice.payment_failed");
    assertThat(failed).hasSize(1);
    JsonNode invoice = failed.get(0).at("/data/object");
    assertThat(invoice.get("attempt_count").asInt()).isEqualTo(1);
    assertThat(invoice.get("amount_due").asLong()).isEqualTo(9900);
    assertThat(invoice.get("next_payment_attempt").asLong()).isEqualTo(FEB_1 + 3 * DAY);

    fx.sandbox.advanceClock(Duration.ofDays(5));
    assertThat(subscription(id).getStatus())
        .as("after the 3-day and 5-day retries")
        .isEqualTo("past_due");
    assertThat(events("invoice.payment_failed")).hasSize(3);

    fx.sandbox.advanceClock(Duration.ofDays(2));
    assertThat(subscription(id).getStatus()).isEqualTo("unpaid");
    List<JsonNode> all = events("invoice.payment_failed");
    assertThat(all).hasSize(4);
    assertThat(all.get(3).at("/data/object/next_payment_attempt").isNull()).isTrue();
    assertThat(events("customer.subscription.updated"))
        .extracting(e -> e.at("/data/object/status").asText())
        .contains("past_due", "unpaid");
  }

  @Test
  @DisplayName("a trial sends trial_will_end three days before it ends, then the first charge")
  void trial() throws Exception {
    String price = fx.price("team", 9900).getId();
    String id = fx.subscribe(price, "4242424242424242", 14L);
    Subscription trialing = subscription(id);
    assertThat(trialing.getStatus()).isEqualTo("trialing");
    assertThat(trialing.getTrialEnd()).isEqualTo(SandboxFixture.START.getEpochSecond() + 14 * DAY);

    fx.sandbox.advanceClock(Duration.ofDays(10));
    assertThat(events("customer.subscription.trial_will_end")).isEmpty();
    fx.sandbox.advanceClock(Duration.ofDays(1));
    List<JsonNode> notice = events("customer.subscription.trial_will_end");
    assertThat(notice).hasSize(1);
    assertThat(notice.get(0).get("created").asLong()).isEqualTo(trialing.getTrialEnd() - 3 * DAY);

    fx.sandbox.advanceClock(Duration.ofDays(4));
    Subscription active = subscription(id);
    assertThat(active.getStatus()).isEqualTo("active");
    assertThat(active.getItems().getData().get(0).getCurrentPeriodStart())
        .isEqualTo(trialing.getTrialEnd());
    List<JsonNode> paid = events("invoice.payment_succeeded");
    assertThat(paid)
        .extracting(e -> e.at("/data/object/amount_paid").asLong())
        .containsExactly(0L, 9900L);
  }

  @Test
  @DisplayName("cancel at period end: canceled and deleted at the period's end, not renewed")
  void cancelAtPeriodEnd() throws Exception {
    String price = fx.price("team", 9900).getId();
    String id = fx.subscribe(price, "4242424242424242", null);
    Subscription scheduled =
        fx.stripe
            .v1()
            .subscriptions()
            .update(id, SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
    assertThat(scheduled.getCancelAt()).isEqualTo(FEB_1);

    fx.sandbox.advanceClock(Duration.ofDays(40));

    Subscription ended = subscription(id);
    assertThat(ended.getStatus()).isEqualTo("canceled");
    assertThat(ended.getEndedAt()).isEqualTo(FEB_1);
    assertThat(events("customer.subscription.deleted")).hasSize(1);
    assertThat(events("invoice.payment_succeeded")).as("no renewal").hasSize(1);
  }

  @Test
  @DisplayName("the test clock never moves backwards and an open Checkout session expires")
  void sessionsExpire() throws Exception {
    String price = fx.price("team", 9900).getId();
    var session = fx.checkout(fx.customer("a@acme.test"), price, null);

    fx.sandbox.advanceClock(Duration.ofHours(25));

    assertThat(fx.stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus())
        .isEqualTo("expired");
    assertThat(fx.pay(session.getUrl(), "4242424242424242").statusCode()).isEqualTo(410);
    assertThatThrownBy(() -> fx.sandbox.advanceClockTo(SandboxFixture.START))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

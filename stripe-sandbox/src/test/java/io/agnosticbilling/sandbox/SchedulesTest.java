package io.agnosticbilling.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionSchedule;
import com.stripe.param.SubscriptionRetrieveParams;
import com.stripe.param.SubscriptionScheduleCreateParams;
import com.stripe.param.SubscriptionScheduleUpdateParams;
import com.stripe.param.SubscriptionScheduleUpdateParams.Phase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Subscription schedules as Stripe documents a change at the end of the period: made from the
 * subscription, updated to two phases, applied when the test clock passes the boundary; released;
 * canceled with the subscription. Invoices carry a number and hosted and PDF links that answer.
 */
class SchedulesTest {
  // 2026-02-01T00:00:00Z: one calendar month after the fixture's start.
  private static final long FEB_1 = 1_769_904_000L;

  private final SandboxFixture fx = new SandboxFixture(SandboxOptions.builder());

  @AfterEach
  void stop() {
    fx.close();
  }

  private SubscriptionSchedule downgrade(String subscriptionId, String from, String to)
      throws Exception {
    SubscriptionSchedule created =
        fx.stripe
            .v1()
            .subscriptionSchedules()
            .create(
                SubscriptionScheduleCreateParams.builder()
                    .setFromSubscription(subscriptionId)
                    .build());
    long start = created.getPhases().get(0).getStartDate();
    return fx.stripe
        .v1()
        .subscriptionSchedules()
        .update(
            created.getId(),
            SubscriptionScheduleUpdateParams.builder()
                .addPhase(
                    Phase.builder()
                        .addItem(Phase.Item.builder().setPrice(from).setQuantity(1L).build())
                        .setStartDate(start)
                        .setEndDate(FEB_1)
                        .build())
                .addPhase(
                    Phase.builder()
                        .addItem(Phase.Item.builder().setPrice(to).setQuantity(1L).build())
                        .setStartDate(FEB_1)
                        .build())
                .setEndBehavior(SubscriptionScheduleUpdateParams.EndBehavior.RELEASE)
                .setProrationBehavior(SubscriptionScheduleUpdateParams.ProrationBehavior.NONE)
                .build());
  }

  private JsonNode expanded(String subscriptionId) throws Exception {
    Subscription s =
        fx.stripe
            .v1()
            .subscriptions()
            .retrieve(
                subscriptionId, SubscriptionRetrieveParams.builder().addExpand("schedule").build());
    return SandboxFixture.json(s.getRawJsonObject().toString());
  }

  @Test
  @DisplayName("a downgrade scheduled at the period end changes the price when the clock passes it")
  void phaseChangeAtPeriodEnd() throws Exception {
    String enterprise = fx.price("enterprise", 49900).getId();
    String team = fx.price("team", 9900).getId();
    String id = fx.subscribe(enterprise, "4242424242424242", null);

    SubscriptionSchedule schedule = downgrade(id, enterprise, team);

    JsonNode before = expanded(id);
    assertThat(before.at("/schedule/id").asText()).isEqualTo(schedule.getId());
    assertThat(before.at("/schedule/current_phase/end_date").asLong()).isEqualTo(FEB_1);
    assertThat(before.at("/schedule/phases/1/items/0/price").asText()).isEqualTo(team);
    assertThat(before.at("/items/data/0/price/id").asText()).isEqualTo(enterprise);
    assertThat(fx.eventTypes())
        .contains("subscription_schedule.created", "subscription_schedule.updated");

    fx.sandbox.advanceClock(Duration.ofDays(32));

    JsonNode after = expanded(id);
    assertThat(after.at("/items/data/0/price/id").asText()).isEqualTo(team);
    assertThat(after.at("/schedule/current_phase/start_date").asLong()).isEqualTo(FEB_1);
    // The renewal invoices the new price, without proration.
    List<JsonNode> invoices =
        fx.sandbox.events().stream()
            .filter(e -> e.type().equals("invoice.payment_succeeded"))
            .map(e -> SandboxFixture.json(e.payload()).at("/data/object"))
            .toList();
    assertThat(invoices.get(invoices.size() - 1).get("amount_paid").asLong()).isEqualTo(9900);

    // One period on the last phase, then the schedule completes and lets the subscription go on.
    fx.sandbox.advanceClock(Duration.ofDays(30));
    JsonNode done = expanded(id);
    assertThat(done.get("schedule").isNull()).isTrue();
    assertThat(done.at("/items/data/0/price/id").asText()).isEqualTo(team);
    assertThat(fx.eventTypes()).contains("subscription_schedule.completed");
  }

  @Test
  @DisplayName("released: nothing changes later, the subscription is detached, events say so")
  void release() throws Exception {
    String enterprise = fx.price("enterprise", 49900).getId();
    String team = fx.price("team", 9900).getId();
    String id = fx.subscribe(enterprise, "4242424242424242", null);
    SubscriptionSchedule schedule = downgrade(id, enterprise, team);

    SubscriptionSchedule released =
        fx.stripe.v1().subscriptionSchedules().release(schedule.getId());

    assertThat(released.getStatus()).isEqualTo("released");
    assertThat(released.getReleasedSubscription()).isEqualTo(id);
    assertThat(expanded(id).get("schedule").isNull()).isTrue();
    assertThat(fx.eventTypes()).contains("subscription_schedule.released");
    fx.sandbox.advanceClock(Duration.ofDays(32));
    assertThat(expanded(id).at("/items/data/0/price/id").asText()).isEqualTo(enterprise);
  }

  @Test
  @DisplayName(
      "a scheduled subscription refuses a direct cancellation flag; canceling now ends both")
  void cancelOnAScheduledSubscription() throws Exception {
    String enterprise = fx.price("enterprise", 49900).getId();
    String team = fx.price("team", 9900).getId();
    String id = fx.subscribe(enterprise, "4242424242424242", null);
    SubscriptionSchedule schedule = downgrade(id, enterprise, team);

    HttpResponse<String> refused =
        fx.api("POST", "/v1/subscriptions/" + id, "cancel_at_period_end=true");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("managed by the subscription schedule");

    Subscription canceled = fx.stripe.v1().subscriptions().cancel(id);

    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(fx.stripe.v1().subscriptionSchedules().retrieve(schedule.getId()).getStatus())
        .isEqualTo("canceled");
    assertThat(fx.eventTypes())
        .contains("subscription_schedule.canceled", "customer.subscription.deleted");
  }

  @Test
  @DisplayName("the newest schedule of a customer is listed first, released ones included")
  void listing() throws Exception {
    String enterprise = fx.price("enterprise", 49900).getId();
    String team = fx.price("team", 9900).getId();
    String id = fx.subscribe(enterprise, "4242424242424242", null);
    SubscriptionSchedule first = downgrade(id, enterprise, team);
    fx.stripe.v1().subscriptionSchedules().release(first.getId());
    SubscriptionSchedule second = downgrade(id, enterprise, team);
    String customer = fx.stripe.v1().subscriptions().retrieve(id).getCustomer();

    JsonNode page =
        SandboxFixture.json(
            fx.api("GET", "/v1/subscription_schedules?customer=" + customer + "&limit=1", ""));

    assertThat(page.at("/data/0/id").asText()).isEqualTo(second.getId());
    assertThat(page.get("has_more").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("invoices carry a number and hosted and PDF links that answer")
  void invoiceLinks() throws Exception {
    String team = fx.price("team", 9900).getId();
    String id = fx.subscribe(team, "4242424242424242", null);
    String customer = fx.stripe.v1().subscriptions().retrieve(id).getCustomer();

    JsonNode invoice =
        SandboxFixture.json(fx.api("GET", "/v1/invoices?customer=" + customer, "")).at("/data/0");

    assertThat(invoice.get("number").asText()).endsWith("-0001");
    HttpResponse<String> hosted = fx.get(invoice.get("hosted_invoice_url").asText());
    assertThat(hosted.statusCode()).isEqualTo(200);
    assertThat(hosted.body()).contains(invoice.get("number").asText()).contains("$99.00");
    HttpResponse<String> pdf = fx.get(invoice.get("invoice_pdf").asText());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type").orElseThrow()).contains("application/pdf");
    assertThat(pdf.body()).startsWith("%PDF-1.4").contains(invoice.get("number").asText());
  }
}

package io.agnosticbilling.sandbox;

import static io.agnosticbilling.sandbox.SandboxFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.billingportal.SessionCreateParams;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HostedPagesTest {
  private final SandboxFixture fx = new SandboxFixture();
  private String team;
  private String business;

  @BeforeEach
  void catalog() throws Exception {
    team = fx.price("team", 9900).getId();
    business = fx.price("business", 29900).getId();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private List<Subscription> allSubscriptions() throws Exception {
    return fx.stripe
        .v1()
        .subscriptions()
        .list(SubscriptionListParams.builder().setStatus(SubscriptionListParams.Status.ALL).build())
        .getData();
  }

  @Nested
  @DisplayName("Checkout")
  class Checkout {

    @Test
    @DisplayName("shows the plan, price, promotion-code field and the test hooks")
    void page() throws Exception {
      Session session = fx.checkout(fx.customer("a@acme.test"), team, 14L);

      HttpResponse<String> page = fx.get(session.getUrl());

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValue("default-src 'self'");
      assertThat(page.body())
          .contains(">Team</h1>", "14 days free", "$99.00", "per month")
          .contains("data-testid=\"checkout-pay\"", "data-testid=\"checkout-card-number\"")
          .contains("data-testid=\"checkout-cancel\"", "data-testid=\"checkout-promo-code\"")
          .contains("https://app.example.test/settings?tab=billing&amp;checkout=canceled")
          .doesNotContain("<script>");
      assertThat(fx.get("/sandbox/assets/sandbox.css").statusCode()).isEqualTo(200);
      assertThat(fx.get("/sandbox/assets/sandbox.js").statusCode()).isEqualTo(200);
      // Linked from every page, so browsers do not ask for /favicon.ico and log its 404.
      assertThat(page.body()).contains("href=\"/sandbox/assets/favicon.svg\"");
      assertThat(fx.get("/sandbox/assets/favicon.svg").headers().firstValue("Content-Type"))
          .hasValue("image/svg+xml");
    }

    @Test
    @DisplayName(
        "4242…: subscribes, completes the session, redirects to the success URL with its id")
    void success() throws Exception {
      String customer = fx.customer("a@acme.test");
      Session session = fx.checkout(customer, team, null);

      HttpResponse<String> paid = fx.pay(session.getUrl(), "4242 4242 4242 4242");

      assertThat(paid.statusCode()).isEqualTo(303);
      assertThat(paid.headers().firstValue("Location"))
          .hasValue(
              "https://app.example.test/settings?tab=billing&checkout=success&session_id="
                  + session.getId());
      Session done = fx.stripe.v1().checkout().sessions().retrieve(session.getId());
      assertThat(done.getStatus()).isEqualTo("complete");
      assertThat(done.getPaymentStatus()).isEqualTo("paid");
      assertThat(done.getCustomer()).isEqualTo(customer);
      Subscription subscription = fx.stripe.v1().subscriptions().retrieve(done.getSubscription());
      assertThat(subscription.getStatus()).isEqualTo("active");
      assertThat(subscription.getMetadata()).containsEntry("organizationId", "org_acme");
      assertThat(subscription.getItems().getData().get(0).getPrice().getId()).isEqualTo(team);
      Customer withCard = fx.stripe.v1().customers().retrieve(customer);
      assertThat(withCard.getInvoiceSettings().getDefaultPaymentMethod()).startsWith("pm_");
      assertThat(fx.pay(session.getUrl(), "4242424242424242").statusCode())
          .as("a second submit lands on the success URL and creates nothing")
          .isEqualTo(303);
      assertThat(allSubscriptions()).hasSize(1);
    }

    @Test
    @DisplayName(
        "4000…0002: declined with Stripe's message; nothing is created, the session stays open")
    void declined() throws Exception {
      Session session = fx.checkout(fx.customer("a@acme.test"), team, null);
      int events = fx.sandbox.events().size();

      HttpResponse<String> refused = fx.pay(session.getUrl(), "4000 0000 0000 0002");

      assertThat(refused.statusCode()).isEqualTo(402);
      assertThat(refused.body())
          .contains("data-testid=\"checkout-error\"")
          .contains("Your card was declined.");
      assertThat(fx.stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus())
          .isEqualTo("open");
      assertThat(allSubscriptions()).isEmpty();
      assertThat(fx.sandbox.events()).hasSize(events);
    }

    @Test
    @DisplayName("4000…0341: subscribes now, and the card is the one that fails later")
    void attachesThenFails() throws Exception {
      Session session = fx.checkout(fx.customer("a@acme.test"), team, null);

      assertThat(fx.pay(session.getUrl(), "4000000000000341").statusCode()).isEqualTo(303);

      String id = fx.stripe.v1().checkout().sessions().retrieve(session.getId()).getSubscription();
      assertThat(fx.stripe.v1().subscriptions().retrieve(id).getStatus()).isEqualTo("active");
      fx.sandbox.advanceClock(Duration.ofDays(31));
      assertThat(fx.stripe.v1().subscriptions().retrieve(id).getStatus()).isEqualTo("past_due");
    }

    @Test
    @DisplayName(
        "a promotion code discounts the invoices; an unknown one is refused and changes nothing")
    void promotionCode() throws Exception {
      Session bad = fx.checkout(fx.customer("a@acme.test"), team, null);
      HttpResponse<String> refused =
          fx.postForm(
              URI.create(bad.getUrl()),
              form("card_number", "4242424242424242", "promo_code", "NOPE"));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("This code is invalid.");
      assertThat(allSubscriptions()).isEmpty();

      HttpResponse<String> paid =
          fx.postForm(
              URI.create(bad.getUrl()),
              form("card_number", "4242424242424242", "promo_code", "welcome10"));

      assertThat(paid.statusCode()).isEqualTo(303);
      Session done = fx.stripe.v1().checkout().sessions().retrieve(bad.getId());
      assertThat(done.getAmountTotal()).isEqualTo(8910L);
      assertThat(done.getTotalDetails().getAmountDiscount()).isEqualTo(990L);
    }

    @Test
    @DisplayName("a session without a customer asks for an email and creates the customer")
    void newCustomer() throws Exception {
      Session session = fx.checkout(null, team, null);
      assertThat(fx.get(session.getUrl()).body()).contains("data-testid=\"checkout-email\"");

      HttpResponse<String> paid =
          fx.postForm(
              URI.create(session.getUrl()),
              form("card_number", "4242424242424242", "email", "new@acme.test"));

      assertThat(paid.statusCode()).isEqualTo(303);
      Session done = fx.stripe.v1().checkout().sessions().retrieve(session.getId());
      assertThat(fx.stripe.v1().customers().retrieve(done.getCustomer()).getEmail())
          .isEqualTo("new@acme.test");
      assertThat(fx.eventTypes()).contains("customer.created", "checkout.session.completed");
    }
  }

  @Nested
  @DisplayName("Portal")
  class Portal {
    private String customer;
    private String subscription;
    private String portalUrl;

    @BeforeEach
    void subscribed() throws Exception {
      customer = fx.customer("a@acme.test");
      Session session = fx.checkout(customer, team, null);
      fx.pay(session.getUrl(), "4242424242424242");
      subscription =
          fx.stripe.v1().checkout().sessions().retrieve(session.getId()).getSubscription();
      portalUrl =
          fx.stripe
              .v1()
              .billingPortal()
              .sessions()
              .create(
                  SessionCreateParams.builder()
                      .setCustomer(customer)
                      .setReturnUrl("https://app.example.test/settings?tab=billing")
                      .build())
              .getUrl();
    }

    private HttpResponse<String> act(String... form) {
      return fx.postForm(URI.create(portalUrl), form(form));
    }

    private Subscription current() throws Exception {
      return fx.stripe.v1().subscriptions().retrieve(subscription);
    }

    @Test
    @DisplayName("shows the plan, the actions and a hook per other plan, named by the plan id")
    void page() {
      String page = fx.get(portalUrl).body();

      assertThat(page)
          .contains("Team", "renews on 1 Feb 2026")
          .contains("data-testid=\"portal-cancel\"", "data-testid=\"portal-change-business\"")
          .contains(
              "data-testid=\"portal-return\"", "https://app.example.test/settings?tab=billing")
          .doesNotContain("data-testid=\"portal-change-team\"", "data-testid=\"portal-resume\"");
    }

    @Test
    @DisplayName("cancel at period end, then resume: the flag and cancel_at move, events say so")
    void cancelAndResume() throws Exception {
      HttpResponse<String> canceled = act("action", "cancel", "subscription", subscription);
      assertThat(canceled.statusCode()).isEqualTo(303);
      assertThat(current().getCancelAtPeriodEnd()).isTrue();
      assertThat(fx.get(portalUrl).body())
          .contains("data-testid=\"portal-resume\"", "ends on 1 Feb 2026");

      act("action", "resume", "subscription", subscription);

      assertThat(current().getCancelAtPeriodEnd()).isFalse();
      assertThat(current().getCancelAt()).isNull();
      assertThat(fx.eventTypes())
          .endsWith("customer.subscription.updated", "customer.subscription.updated");
    }

    @Test
    @DisplayName("change plan swaps the price and bills the prorated difference at renewal")
    void changePlan() throws Exception {
      fx.sandbox.advanceClock(Duration.ofDays(15).plusHours(12));
      act("action", "change", "subscription", subscription, "price", business);

      assertThat(current().getItems().getData().get(0).getPrice().getId()).isEqualTo(business);
      fx.sandbox.advanceClock(Duration.ofDays(16));
      var invoice =
          SandboxFixture.json(
                  fx.sandbox.events().stream()
                      .filter(e -> e.type().equals("invoice.payment_succeeded"))
                      .reduce((a, b) -> b)
                      .orElseThrow()
                      .payload())
              .at("/data/object");
      // Half the month left: -49.50 for Team, +149.50 for Business, then a full Business month.
      assertThat(invoice.get("amount_paid").asLong()).isEqualTo(-4950 + 14950 + 29900);
    }

    @Test
    @DisplayName("cancel now ends the subscription at once")
    void cancelNow() throws Exception {
      act("action", "cancel_now", "subscription", subscription);

      assertThat(current().getStatus()).isEqualTo("canceled");
      assertThat(fx.eventTypes()).endsWith("customer.subscription.deleted");
      assertThat(fx.get(portalUrl).body()).contains("No current subscription.");
    }

    @Test
    @DisplayName("update card: a declined card is refused; a good one pays the failed invoice")
    void updateCard() throws Exception {
      act("action", "card", "card_number", "4000000000000341");
      fx.sandbox.advanceClock(Duration.ofDays(31));
      assertThat(current().getStatus()).isEqualTo("past_due");

      HttpResponse<String> declined = act("action", "card", "card_number", "4000000000000002");
      assertThat(declined.statusCode()).isEqualTo(400);
      assertThat(declined.body()).contains("Your card was declined.");
      assertThat(current().getStatus()).isEqualTo("past_due");

      assertThat(act("action", "card", "card_number", "4242424242424242").statusCode())
          .isEqualTo(303);
      assertThat(current().getStatus()).isEqualTo("active");
    }

    @Test
    @DisplayName("another customer's subscription cannot be changed from this portal")
    void otherCustomer() throws Exception {
      String other = fx.subscribe(team, "4242424242424242", null);

      HttpResponse<String> refused = act("action", "cancel_now", "subscription", other);

      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(fx.stripe.v1().subscriptions().retrieve(other).getStatus()).isEqualTo("active");
    }
  }

  @Test
  @DisplayName("the control page advances the clock and switches faults")
  void controlPage() {
    assertThat(fx.get("/sandbox").body())
        .contains("1 Jan 2026 00:00 UTC", "data-testid=\"sandbox-advance\"");

    HttpResponse<String> advanced =
        fx.postForm(
            URI.create(fx.sandbox.baseUrl() + "/sandbox/clock"), form("days", "2", "hours", "3"));
    HttpResponse<String> faults =
        fx.postForm(
            URI.create(fx.sandbox.baseUrl() + "/sandbox/faults"),
            form("duplicate", "on", "delay_ms", "250"));
    HttpResponse<String> refused =
        fx.postForm(URI.create(fx.sandbox.baseUrl() + "/sandbox/clock"), form("days", "-1"));

    assertThat(advanced.statusCode()).isEqualTo(303);
    assertThat(fx.sandbox.clock().instant())
        .isEqualTo(SandboxFixture.START.plus(Duration.ofHours(51)));
    assertThat(faults.statusCode()).isEqualTo(303);
    assertThat(fx.sandbox.faults().duplicate()).isTrue();
    assertThat(fx.sandbox.faults().shuffle()).isFalse();
    assertThat(fx.sandbox.faults().delay()).isEqualTo(Duration.ofMillis(250));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(fx.sandbox.clock().instant())
        .isEqualTo(SandboxFixture.START.plus(Duration.ofHours(51)));
  }
}

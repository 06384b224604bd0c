package io.agnosticbilling.adapter.stripe;

import static io.agnosticbilling.adapter.stripe.StripeJson.CUSTOMER_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.PRICE_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.SESSION_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.SUBSCRIPTION_ID;
import static io.agnosticbilling.adapter.stripe.StripeJson.eventJson;
import static io.agnosticbilling.adapter.stripe.StripeJson.firstItem;
import static io.agnosticbilling.adapter.stripe.StripeJson.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.CheckoutCompleted;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaid;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaymentFailed;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.BillingEvent.TrialWillEnd;
import io.agnosticbilling.domain.event.BillingEvent.Unhandled;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StripeEventTranslatorTest {
  private static final OrganizationId ACME = OrganizationId.of("org_acme");
  private static final String PRODUCT_ID = "prod_QXg1hqf4jFNsqG";
  private static final Instant PERIOD_START = Instant.ofEpochSecond(1767225600);
  private static final Instant PERIOD_END = Instant.ofEpochSecond(1769904000);

  @Test
  @DisplayName("the event header carries id, type, created second and livemode")
  void header() {
    JsonObject event = StripeJson.event("customer.subscription.updated", fixture("subscription"));
    event.addProperty("livemode", true);

    BillingEvent translated = StripeEventTranslator.parse(event.toString());

    assertThat(translated.header())
        .isEqualTo(
            new EventHeader(
                "evt_1Pgc76B7WZ01zgkWwyRHS12y",
                "customer.subscription.updated",
                Instant.ofEpochSecond(1767225700),
                true));
  }

  @Nested
  @DisplayName("subscription events")
  class Subscriptions {

    @ParameterizedTest
    @CsvSource({
      "customer.subscription.created, CREATED",
      "customer.subscription.updated, UPDATED",
      "customer.subscription.deleted, DELETED"
    })
    @DisplayName("become SubscriptionChanged with the matching change and the full snapshot")
    void snapshot(String type, Change change) {
      BillingEvent event = StripeEventTranslator.parse(eventJson(type, fixture("subscription")));

      assertThat(event).isInstanceOf(SubscriptionChanged.class);
      SubscriptionChanged changed = (SubscriptionChanged) event;
      assertThat(changed.change()).isEqualTo(change);
      assertThat(changed.subscription())
          .isEqualTo(
              new SubscriptionSnapshot(
                  SUBSCRIPTION_ID,
                  CUSTOMER_ID,
                  Optional.of(ACME),
                  SubscriptionStatus.ACTIVE,
                  PRICE_ID,
                  PERIOD_START,
                  PERIOD_END,
                  false,
                  Optional.empty(),
                  Optional.empty(),
                  PERIOD_START,
                  Optional.of(PRODUCT_ID)));
    }

    @Test
    @DisplayName("trial_will_end becomes TrialWillEnd with the snapshot and its trial end")
    void trialWillEnd() {
      JsonObject subscription = fixture("subscription");
      subscription.addProperty("status", "trialing");
      subscription.addProperty("trial_end", 1767830400L);

      BillingEvent event =
          StripeEventTranslator.parse(
              eventJson("customer.subscription.trial_will_end", subscription));

      assertThat(event).isInstanceOf(TrialWillEnd.class);
      SubscriptionSnapshot snapshot = ((TrialWillEnd) event).subscription();
      assertThat(snapshot.subscriptionId()).isEqualTo(SUBSCRIPTION_ID);
      assertThat(snapshot.status()).isEqualTo(SubscriptionStatus.TRIALING);
      assertThat(snapshot.trialEnd()).contains(Instant.ofEpochSecond(1767830400L));
      assertThat(snapshot.organizationId()).contains(ACME);
    }

    @Test
    @DisplayName(
        "the price's product is read (as an id or expanded), also from a legacy plan, and is"
            + " empty when not sent")
    void productOfThePrice() {
      JsonObject expanded = fixture("subscription");
      JsonObject product = new JsonObject();
      product.addProperty("id", "prod_expanded");
      product.addProperty("object", "product");
      StripeJson.firstItem(expanded).getAsJsonObject("price").add("product", product);
      JsonObject legacy = fixture("acacia/subscription");
      StripeJson.firstItem(legacy).remove("price");
      JsonObject none = fixture("subscription");
      StripeJson.firstItem(none).getAsJsonObject("price").remove("product");

      assertThat(snapshotOf(fixture("subscription")).productId()).contains(PRODUCT_ID);
      assertThat(snapshotOf(fixture("acacia/subscription")).productId()).contains(PRODUCT_ID);
      assertThat(snapshotOf(expanded).productId()).contains("prod_expanded");
      assertThat(snapshotOf(legacy).productId()).contains(PRODUCT_ID);
      assertThat(snapshotOf(none).productId()).isEmpty();
    }

    @Test
    @DisplayName("the period comes from the subscription item, not the subscription")
    void itemLevelPeriod() {
      JsonObject subscription = fixture("subscription");
      // A stale top-level period must not win over the item's.
      subscription.addProperty("current_period_start", 1L);
      subscription.addProperty("current_period_end", 2L);

      SubscriptionSnapshot snapshot = snapshotOf(subscription);

      assertThat(snapshot.currentPeriodStart()).isEqualTo(PERIOD_START);
      assertThat(snapshot.currentPeriodEnd()).isEqualTo(PERIOD_END);
    }

    @Test
    @DisplayName("an older payload with the period on the subscription itself still translates")
    void topLevelPeriodFallback() {
      JsonObject subscription = fixture("subscription");
      firstItem(subscription).remove("current_period_start");
      firstItem(subscription).remove("current_period_end");
      subscription.addProperty("current_period_start", 1700000000L);
      subscription.addProperty("current_period_end", 1702592000L);

      SubscriptionSnapshot snapshot = snapshotOf(subscription);

      assertThat(snapshot.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(1700000000L));
      assertThat(snapshot.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1702592000L));
    }

    @Test
    @DisplayName("cancellation fields, trial end and an expanded customer are read")
    void cancellationAndTrial() {
      JsonObject subscription = fixture("subscription");
      subscription.addProperty("status", "trialing");
      subscription.addProperty("cancel_at_period_end", true);
      subscription.addProperty("canceled_at", 1767300000L);
      subscription.addProperty("trial_end", 1767830400L);
      JsonObject customer = new JsonObject();
      customer.addProperty("id", CUSTOMER_ID);
      customer.addProperty("object", "customer");
      subscription.add("customer", customer);

      SubscriptionSnapshot snapshot = snapshotOf(subscription);

      assertThat(snapshot.status()).isEqualTo(SubscriptionStatus.TRIALING);
      assertThat(snapshot.cancelAtPeriodEnd()).isTrue();
      assertThat(snapshot.canceledAt()).contains(Instant.ofEpochSecond(1767300000L));
      assertThat(snapshot.trialEnd()).contains(Instant.ofEpochSecond(1767830400L));
      assertThat(snapshot.customerId()).isEqualTo(CUSTOMER_ID);
    }

    @Test
    @DisplayName("cancel_at at the end of the period counts as cancel at period end")
    void cancelAtPeriodEndViaCancelAt() {
      JsonObject atEnd = fixture("subscription");
      atEnd.addProperty("cancel_at", PERIOD_END.getEpochSecond());
      JsonObject later = fixture("subscription");
      later.addProperty("cancel_at", PERIOD_END.getEpochSecond() + 86_400);

      assertThat(snapshotOf(atEnd).cancelAtPeriodEnd()).isTrue();
      assertThat(snapshotOf(later).cancelAtPeriodEnd()).isFalse();
    }

    @Test
    @DisplayName("startedAt is start_date, falling back to created")
    void startedAtFallback() {
      JsonObject subscription = fixture("subscription");
      subscription.add("start_date", JsonNull.INSTANCE);

      assertThat(snapshotOf(subscription).startedAt()).isEqualTo(Instant.ofEpochSecond(1767225590));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "not an id!",
          "a-very-long-value-that-goes-well-beyond-the-sixty-four-characters-allowed"
        })
    @DisplayName("metadata that is not one of our organization ids resolves to no organization")
    void foreignOrganizationId(String value) {
      JsonObject subscription = fixture("subscription");
      subscription.getAsJsonObject("metadata").addProperty("organizationId", value);

      assertThat(snapshotOf(subscription).organizationId()).isEmpty();
    }

    @Test
    @DisplayName("a subscription without items is refused, naming the field")
    void noItems() {
      JsonObject subscription = fixture("subscription");
      subscription.getAsJsonObject("items").add("data", new JsonArray());

      assertThatThrownBy(
              () ->
                  StripeEventTranslator.parse(
                      eventJson("customer.subscription.updated", subscription)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("evt_1Pgc76B7WZ01zgkWwyRHS12y")
          .hasMessageContaining("items.data");
    }

    @Test
    @DisplayName("an unknown status is refused, naming the status")
    void unknownStatus() {
      JsonObject subscription = fixture("subscription");
      subscription.addProperty("status", "hibernating");

      assertThatThrownBy(() -> snapshotOf(subscription))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown status 'hibernating'");
    }

    @Test
    @DisplayName("a field of the wrong type is refused with a clear message, not a crash")
    void wrongType() {
      JsonObject subscription = fixture("subscription");
      subscription.addProperty("cancel_at_period_end", "yes");

      assertThatThrownBy(() -> snapshotOf(subscription))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'cancel_at_period_end' must be a boolean");
    }

    private SubscriptionSnapshot snapshotOf(JsonObject subscription) {
      return ((SubscriptionChanged)
              StripeEventTranslator.parse(eventJson("customer.subscription.updated", subscription)))
          .subscription();
    }
  }

  @Nested
  @DisplayName("invoice events")
  class Invoices {
    private static final InvoiceInfo PAID =
        new InvoiceInfo(
            "in_1Pgc6tB7WZ01zgkWu9fdqL6I",
            CUSTOMER_ID,
            Optional.of(SUBSCRIPTION_ID),
            Optional.of(ACME),
            9900,
            "usd",
            1,
            Optional.empty(),
            Optional.of(PERIOD_END),
            Optional.of(Instant.ofEpochSecond(1772323200)));

    @ParameterizedTest
    @ValueSource(strings = {"invoice.payment_succeeded", "invoice.paid"})
    @DisplayName("a paid invoice (recent shape: parent.subscription_details) becomes InvoicePaid")
    void paid(String type) {
      BillingEvent event = StripeEventTranslator.parse(eventJson(type, fixture("invoice")));

      assertThat(event).isInstanceOf(InvoicePaid.class);
      assertThat(((InvoicePaid) event).invoice()).isEqualTo(PAID);
    }

    @Test
    @DisplayName(
        "a failed payment (older shape: top-level subscription) becomes InvoicePaymentFailed")
    void failedLegacyShape() {
      BillingEvent event =
          StripeEventTranslator.parse(
              eventJson("invoice.payment_failed", fixture("invoice-legacy")));

      assertThat(event).isInstanceOf(InvoicePaymentFailed.class);
      assertThat(((InvoicePaymentFailed) event).invoice())
          .isEqualTo(
              new InvoiceInfo(
                  "in_1LegacyB7WZ01zgkWu9fdqL6I",
                  CUSTOMER_ID,
                  Optional.of(SUBSCRIPTION_ID),
                  Optional.of(ACME),
                  9900,
                  "usd",
                  2,
                  Optional.of(Instant.ofEpochSecond(1770163200)),
                  Optional.of(PERIOD_END),
                  Optional.of(Instant.ofEpochSecond(1772323200))));
    }

    @Test
    @DisplayName("an invoice outside any subscription has no subscription nor organization")
    void oneOffInvoice() {
      JsonObject invoice = fixture("invoice");
      invoice.add("parent", JsonNull.INSTANCE);
      invoice.remove("lines");

      InvoiceInfo info =
          ((InvoicePaid) StripeEventTranslator.parse(eventJson("invoice.paid", invoice))).invoice();

      assertThat(info.subscriptionId()).isEmpty();
      assertThat(info.organizationId()).isEmpty();
      // Without lines the invoice's own period is the only one there is.
      assertThat(info.periodStart()).contains(PERIOD_START);
      assertThat(info.periodEnd()).contains(PERIOD_END);
    }

    @Test
    @DisplayName("an invoice without a customer is refused, naming the field")
    void noCustomer() {
      JsonObject invoice = fixture("invoice");
      invoice.remove("customer");

      assertThatThrownBy(() -> StripeEventTranslator.parse(eventJson("invoice.paid", invoice)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'customer' is missing");
    }
  }

  @Nested
  @DisplayName("checkout.session.completed")
  class Checkout {

    @Test
    @DisplayName("becomes CheckoutCompleted with the organization from client_reference_id")
    void completed() {
      BillingEvent event =
          StripeEventTranslator.parse(
              eventJson("checkout.session.completed", fixture("checkout-session")));

      assertThat(event).isInstanceOf(CheckoutCompleted.class);
      assertThat(((CheckoutCompleted) event).session())
          .isEqualTo(
              new CheckoutSessionInfo(
                  SESSION_ID,
                  Optional.of(ACME),
                  Optional.of(CUSTOMER_ID),
                  Optional.of(SUBSCRIPTION_ID),
                  true));
    }

    @Test
    @DisplayName("falls back to metadata.organizationId when client_reference_id is absent")
    void metadataFallback() {
      JsonObject session = fixture("checkout-session");
      session.add("client_reference_id", JsonNull.INSTANCE);
      session.getAsJsonObject("metadata").addProperty("organizationId", "org_other");

      CheckoutSessionInfo info =
          ((CheckoutCompleted)
                  StripeEventTranslator.parse(eventJson("checkout.session.completed", session)))
              .session();

      assertThat(info.organizationId()).contains(OrganizationId.of("org_other"));
    }

    @Test
    @DisplayName("an open session is not complete and may have no customer or subscription yet")
    void openSession() {
      JsonObject session = fixture("checkout-session");
      session.addProperty("status", "open");
      session.add("customer", JsonNull.INSTANCE);
      session.add("subscription", JsonNull.INSTANCE);

      CheckoutSessionInfo info =
          ((CheckoutCompleted)
                  StripeEventTranslator.parse(eventJson("checkout.session.completed", session)))
              .session();

      assertThat(info.complete()).isFalse();
      assertThat(info.customerId()).isEmpty();
      assertThat(info.subscriptionId()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"plan.created", "customer.created", "invoice.created", "v2.core.event"})
  @DisplayName("any other event type becomes Unhandled with its header")
  void unhandled(String type) {
    BillingEvent event = StripeEventTranslator.parse(eventJson(type, fixture("invoice")));

    assertThat(event).isEqualTo(new Unhandled(event.header()));
    assertThat(event.header().type()).isEqualTo(type);
  }

  @Test
  @DisplayName("a payload that is not JSON, not an object or not an event is refused")
  void notAnEvent() {
    assertThatThrownBy(() -> StripeEventTranslator.parse("{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> StripeEventTranslator.parse("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> StripeEventTranslator.parse(fixture("subscription").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a 'subscription', not an event");
    assertThatThrownBy(() -> StripeEventTranslator.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  @DisplayName("an event without data.object or created is refused, naming the field")
  void incompleteEnvelope() {
    JsonObject noData = StripeJson.event("invoice.paid", fixture("invoice"));
    noData.remove("data");
    JsonObject noCreated = StripeJson.event("invoice.paid", fixture("invoice"));
    noCreated.remove("created");

    assertThatThrownBy(() -> StripeEventTranslator.parse(noData.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'data.object' is missing");
    assertThatThrownBy(() -> StripeEventTranslator.parse(noCreated.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'created' is missing");
  }
}

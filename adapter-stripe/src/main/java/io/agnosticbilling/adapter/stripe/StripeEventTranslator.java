package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonObject;
import io.agnosticbilling.adapter.stripe.StripeObjectMapper.AmountField;
import io.agnosticbilling.adapter.stripe.StripeObjectMapper.Fields;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.CheckoutCompleted;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaid;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaymentFailed;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.BillingEvent.TrialWillEnd;
import io.agnosticbilling.domain.event.BillingEvent.Unhandled;
import io.agnosticbilling.domain.event.EventHeader;
import java.time.Instant;
import java.util.List;

/**
 * Mapper: translates a Stripe event (webhook body or stored payload) into a domain {@link
 * BillingEvent}, without any signature check; {@link StripePaymentEvents} is its one user.
 */
final class StripeEventTranslator {
  /**
   * The event types a webhook endpoint must send: each one changes what an organization may use.
   * ({@code invoice.paid} is read too, but {@code invoice.payment_succeeded} says the same.)
   */
  static final List<String> EVENTS_TO_ENABLE =
      List.of(
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "customer.subscription.trial_will_end",
          "invoice.payment_succeeded",
          "invoice.payment_failed",
          "checkout.session.completed");

  /**
   * The oldest Stripe API version whose event shapes are tested (the period on the subscription);
   * the newest is the pinned one, {@code Stripe.API_VERSION}.
   */
  static final String OLDEST_READ_API_VERSION = "2024-09-30.acacia";

  private StripeEventTranslator() {}

  /**
   * @throws IllegalArgumentException naming the field when the payload is not a readable event
   */
  static BillingEvent parse(String payload) {
    JsonObject event = parseEventObject(payload);
    return translate(header(event), event);
  }

  /**
   * The payload as a Gson tree, read by {@link StripePayloadReader} (what no translation reads is
   * skipped).
   */
  static JsonObject parseEventObject(String payload) {
    return StripePayloadReader.readEvent(payload);
  }

  /** {@link #parseEventObject(String)} of the payload's UTF-8 bytes, as received. */
  static JsonObject parseEventObject(byte[] payload) {
    return StripePayloadReader.readEvent(payload);
  }

  static EventHeader header(JsonObject event) {
    Fields in = new Fields(event, "event");
    String object = in.string("object").orElse("event");
    if (!"event".equals(object)) {
      throw new IllegalArgumentException("the payload is a '" + object + "', not an event");
    }
    String id = in.requiredString("id");
    Fields named = new Fields(event, "event " + id);
    return new EventHeader(
        id,
        named.requiredString("type"),
        Instant.ofEpochSecond(named.requiredLong("created")),
        named.bool("livemode"));
  }

  /** The event's object in domain terms; {@code header} is {@link #header} of the same event. */
  static BillingEvent translate(EventHeader header, JsonObject event) {
    JsonObject object =
        new Fields(event, "event " + header.id())
            .object("data")
            .flatMap(data -> new Fields(data, "event " + header.id() + " data").object("object"))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "event " + header.id() + ": 'data.object' is missing"));
    try {
      return switch (header.type()) {
        case "customer.subscription.created" -> subscription(header, Change.CREATED, object);
        case "customer.subscription.updated" -> subscription(header, Change.UPDATED, object);
        case "customer.subscription.deleted" -> subscription(header, Change.DELETED, object);
        case "customer.subscription.trial_will_end" ->
            new TrialWillEnd(header, StripeObjectMapper.subscription(object));
        case "invoice.payment_succeeded", "invoice.paid" ->
            new InvoicePaid(header, StripeObjectMapper.invoice(object, AmountField.PAID));
        case "invoice.payment_failed" ->
            new InvoicePaymentFailed(header, StripeObjectMapper.invoice(object, AmountField.DUE));
        case "checkout.session.completed" ->
            new CheckoutCompleted(header, StripeObjectMapper.checkoutSession(object));
        case "subscription_schedule.created",
            "subscription_schedule.updated",
            "subscription_schedule.released",
            "subscription_schedule.canceled",
            "subscription_schedule.completed",
            "subscription_schedule.aborted" ->
            StripeObjectMapper.scheduleChanged(header, object)
                .<BillingEvent>map(e -> e)
                .orElseGet(() -> new Unhandled(header));
        default -> new Unhandled(header);
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "event " + header.id() + " (" + header.type() + "): " + e.getMessage(), e);
    }
  }

  private static SubscriptionChanged subscription(
      EventHeader header, Change change, JsonObject object) {
    return new SubscriptionChanged(header, change, StripeObjectMapper.subscription(object));
  }
}

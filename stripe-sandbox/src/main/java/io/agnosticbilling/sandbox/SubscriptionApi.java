package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /v1/subscriptions} (retrieve, update, cancel, list) and {@code /v1/invoices} (retrieve,
 * list); state changes go through {@link SubscriptionLifecycle}.
 */
final class SubscriptionApi {
  private static final Set<String> EXPANDABLE = Set.of("customer", "latest_invoice", "schedule");
  private static final Set<String> STATUSES =
      Set.of(
          "active",
          "past_due",
          "unpaid",
          "canceled",
          "incomplete",
          "incomplete_expired",
          "trialing",
          "paused",
          "all",
          "ended");
  static final Set<String> PRORATIONS = Set.of("create_prorations", "none", "always_invoice");

  private final SandboxStore store;
  private final StripeJson json;
  private final SubscriptionLifecycle lifecycle;

  SubscriptionApi(SandboxStore store, StripeJson json, SubscriptionLifecycle lifecycle) {
    this.store = store;
    this.json = json;
    this.lifecycle = lifecycle;
  }

  ObjectNode retrieve(ApiRequest request) {
    Set<String> expand = request.expand(EXPANDABLE);
    return json.subscription(store.subscription(request.id(), "id"), expand);
  }

  ObjectNode update(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly(
                "items",
                "proration_behavior",
                "cancel_at_period_end",
                "cancel_at",
                "metadata",
                "expand");
    Set<String> expand = request.expand(EXPANDABLE);
    Subscription s = store.subscription(request.id(), "id");
    if (s.ended()) {
      throw StripeError.invalid(
          null, "A canceled subscription can only update its cancellation_details and metadata.");
    }
    // Everything is checked before anything changes: a refused update changes nothing.
    String proration = p.string("proration_behavior").orElse("create_prorations");
    if (!PRORATIONS.contains(proration)) {
      throw StripeError.invalid("proration_behavior", "Invalid proration_behavior: " + proration);
    }
    Price newPrice = null;
    if (p.has("items[0][id]") || p.has("items[0][price]")) {
      if (p.has("items[1][id]") || p.has("items[1][price]")) {
        throw StripeError.invalid("items", "The sandbox supports one item per subscription.");
      }
      Params item = p.nested("items[0]");
      item.allowOnly("id", "price", "quantity");
      // Without an id Stripe would add a second item; the sandbox keeps one item per subscription.
      String itemId = item.string("id").orElseThrow(() -> StripeError.missingParam("items[0][id]"));
      if (!s.itemId.equals(itemId)) {
        throw StripeError.missing("subscription_item", itemId, "items[0][id]");
      }
      if (item.has("price")) {
        newPrice = store.price(item.required("price"), "items[0][price]");
        Price current = store.prices.get(s.priceId);
        if (!newPrice.recurring() || !newPrice.active) {
          throw StripeError.invalid("items[0][price]", "The price must be active and recurring.");
        }
        if (!newPrice.currency.equals(current.currency)) {
          throw StripeError.invalid(
              "items[0][price]", "The price's currency must match the subscription's.");
        }
      }
    }
    Boolean atPeriodEnd = p.bool("cancel_at_period_end").orElse(null);
    if (s.schedule != null && (atPeriodEnd != null || p.has("cancel_at"))) {
      throw StripeError.invalid(
          null,
          "The subscription is managed by the subscription schedule `"
              + s.schedule
              + "`, and updating any cancelation behavior directly is not allowed. Please update"
              + " the schedule instead.");
    }
    Long cancelAt = null;
    boolean clearCancelAt = p.string("cancel_at").map(String::isEmpty).orElse(false);
    if (p.string("cancel_at").filter(v -> !v.isEmpty()).isPresent()) {
      cancelAt = p.longValue("cancel_at").orElseThrow();
      if (cancelAt <= store.now()) {
        throw StripeError.invalid("cancel_at", "cancel_at must be in the future.");
      }
      if (Boolean.TRUE.equals(atPeriodEnd)) {
        throw StripeError.invalid(
            "cancel_at", "You may only specify one of cancel_at and cancel_at_period_end=true.");
      }
    }
    var metadata = Metadata.of(p);
    Set<String> unset = p.hash("metadata").keySet();
    Price priceChange = newPrice;
    Long at = cancelAt;
    lifecycle.update(
        s,
        () -> {
          if (priceChange != null) {
            lifecycle.changePrice(s, priceChange, proration);
          }
          if (atPeriodEnd != null) {
            lifecycle.cancelAtPeriodEnd(s, atPeriodEnd);
          }
          if (at != null || clearCancelAt) {
            lifecycle.cancelAt(s, at);
          }
          unset.forEach(s.metadata::remove);
          s.metadata.putAll(metadata);
        });
    return json.subscription(s, expand);
  }

  ObjectNode cancel(ApiRequest request) {
    request.params().allowOnly("invoice_now", "prorate", "cancellation_details", "expand");
    Set<String> expand = request.expand(EXPANDABLE);
    Subscription s = store.subscription(request.id(), "id");
    if (s.ended()) {
      throw StripeError.invalid(null, "This subscription is already canceled.");
    }
    lifecycle.cancelNow(s, "cancellation_requested");
    return json.subscription(s, expand);
  }

  ObjectNode list(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly(
                "status",
                "customer",
                "price",
                "limit",
                "starting_after",
                "ending_before",
                "expand");
    String status = p.string("status").orElse(null);
    if (status != null && !STATUSES.contains(status)) {
      throw StripeError.invalid("status", "Invalid status: " + status);
    }
    // Without a status filter Stripe leaves canceled subscriptions out.
    Predicate<Subscription> byStatus =
        s ->
            status == null
                ? !s.ended()
                : switch (status) {
                  case "all" -> true;
                  case "ended" -> s.ended();
                  default -> status.equals(s.status);
                };
    Predicate<Subscription> filter =
        byStatus
            .and(s -> p.string("customer").map(s.customer::equals).orElse(true))
            .and(s -> p.string("price").map(s.priceId::equals).orElse(true));
    List<Subscription> matches =
        SandboxStore.newestFirst(store.subscriptions.values()).stream().filter(filter).toList();
    return json.page(
        "/v1/subscriptions", matches, s -> s.id, s -> json.subscription(s, Set.of()), p);
  }

  ObjectNode retrieveInvoice(ApiRequest request) {
    return json.invoice(store.invoice(request.id(), "id"));
  }

  ObjectNode listInvoices(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly(
                "customer",
                "subscription",
                "status",
                "limit",
                "starting_after",
                "ending_before",
                "expand");
    Predicate<Invoice> filter =
        i ->
            p.string("customer").map(i.customer::equals).orElse(true)
                && p.string("subscription").map(i.subscription::equals).orElse(true)
                && p.string("status").map(i.status::equals).orElse(true);
    List<Invoice> matches =
        SandboxStore.newestFirst(store.invoices.values()).stream().filter(filter).toList();
    return json.page("/v1/invoices", matches, i -> i.id, json::invoice, p);
  }
}

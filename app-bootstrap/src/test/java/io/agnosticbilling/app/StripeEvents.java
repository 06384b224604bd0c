package io.agnosticbilling.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe-shaped webhook events for the API version stripe-java expects, and their signatures. */
final class StripeEvents {
  private StripeEvents() {}

  static String newEventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /** An event envelope around {@code object}, as Stripe delivers it. */
  static String event(String id, String type, long created, JsonObject object) {
    return event(Stripe.API_VERSION, id, type, created, object);
  }

  /** An event envelope of another API version around {@code object} (already of its shape). */
  static String event(String apiVersion, String id, String type, long created, JsonObject object) {
    JsonObject event = new JsonObject();
    event.addProperty("id", id);
    event.addProperty("object", "event");
    event.addProperty("api_version", apiVersion);
    event.addProperty("created", created);
    JsonObject data = new JsonObject();
    data.add("object", object);
    event.add("data", data);
    event.addProperty("livemode", false);
    event.addProperty("pending_webhooks", 1);
    JsonObject request = new JsonObject();
    request.add("id", JsonNull.INSTANCE);
    request.add("idempotency_key", JsonNull.INSTANCE);
    event.add("request", request);
    event.addProperty("type", type);
    return event.toString();
  }

  /**
   * The subscription as API version {@code 2024-09-30.acacia} renders it: the current period on the
   * subscription itself, not on its item.
   */
  static JsonObject acaciaSubscription(JsonObject current) {
    JsonObject subscription = current.deepCopy();
    JsonObject item =
        subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
    for (String field : new String[] {"current_period_start", "current_period_end"}) {
      subscription.add(field, item.remove(field));
    }
    return subscription;
  }

  /** {@code t=<ts>,v1=<hex HMAC-SHA256 of "ts.payload">}, Stripe's signature scheme. */
  static String signature(String payload, long timestamp, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An invoice of the subscription's current period (paid, or failed with a retry planned). */
  static JsonObject invoice(JsonObject subscription, boolean paid, long created) {
    JsonObject item =
        subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
    long amount = item.getAsJsonObject("price").get("unit_amount").getAsLong();
    String subscriptionId = subscription.get("id").getAsString();
    JsonObject invoice = new JsonObject();
    invoice.addProperty(
        "id", "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    invoice.addProperty("object", "invoice");
    invoice.addProperty("customer", subscription.get("customer").getAsString());
    invoice.addProperty("amount_due", amount);
    invoice.addProperty("amount_paid", paid ? amount : 0);
    invoice.addProperty("amount_remaining", paid ? 0 : amount);
    invoice.addProperty("attempt_count", 1);
    invoice.addProperty("attempted", true);
    invoice.addProperty("billing_reason", "subscription_create");
    invoice.addProperty("created", created);
    invoice.addProperty("currency", "usd");
    invoice.addProperty("livemode", false);
    invoice.addProperty("status", paid ? "paid" : "open");
    if (paid) {
      invoice.add("next_payment_attempt", JsonNull.INSTANCE);
    } else {
      invoice.addProperty("next_payment_attempt", created + 3 * 86_400);
    }
    JsonObject period = new JsonObject();
    period.addProperty("start", item.get("current_period_start").getAsLong());
    period.addProperty("end", item.get("current_period_end").getAsLong());
    JsonObject itemDetails = new JsonObject();
    itemDetails.addProperty("proration", false);
    itemDetails.addProperty("subscription", subscriptionId);
    itemDetails.addProperty("subscription_item", item.get("id").getAsString());
    JsonObject lineParent = new JsonObject();
    lineParent.addProperty("type", "subscription_item_details");
    lineParent.add("subscription_item_details", itemDetails);
    JsonObject line = new JsonObject();
    line.addProperty("id", "il_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    line.addProperty("object", "line_item");
    line.addProperty("amount", amount);
    line.addProperty("currency", "usd");
    line.add("period", period);
    line.addProperty("quantity", 1);
    line.add("parent", lineParent);
    JsonArray lines = new JsonArray();
    lines.add(line);
    JsonObject lineList = new JsonObject();
    lineList.addProperty("object", "list");
    lineList.add("data", lines);
    lineList.addProperty("has_more", false);
    invoice.add("lines", lineList);
    JsonObject details = new JsonObject();
    details.add("metadata", subscription.getAsJsonObject("metadata").deepCopy());
    details.addProperty("subscription", subscriptionId);
    JsonObject parent = new JsonObject();
    parent.addProperty("type", "subscription_details");
    parent.add("subscription_details", details);
    invoice.add("parent", parent);
    invoice.addProperty("period_start", item.get("current_period_start").getAsLong());
    invoice.addProperty("period_end", item.get("current_period_start").getAsLong());
    return invoice;
  }
}

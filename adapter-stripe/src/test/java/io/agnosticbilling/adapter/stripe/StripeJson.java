package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Stripe-shaped JSON for tests: the trimmed fixtures under {@code /stripe} and small builders. */
final class StripeJson {
  static final String SUBSCRIPTION_ID = "sub_1Pgc6rB7WZ01zgkWNy0Cn5nw";
  static final String CUSTOMER_ID = "cus_QXg1o8vcGmoR32";
  static final String ITEM_ID = "si_QXhVnC2h0Jczwc";
  static final String PRICE_ID = "price_1PgafmB7WZ01zgkW6dKueIc5";
  static final String SESSION_ID =
      "cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY";

  private StripeJson() {}

  /** A fresh, mutable copy of a fixture object ({@code subscription}, {@code invoice}, …). */
  static JsonObject fixture(String name) {
    String path = "/stripe/" + name + ".json";
    try (InputStream in = StripeJson.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An event envelope (from the event fixture) of {@code type} around {@code object}. */
  static JsonObject event(String type, JsonObject object) {
    JsonObject event = fixture("event");
    event.addProperty("type", type);
    event.getAsJsonObject("data").add("object", object);
    return event;
  }

  /**
   * An event of API version {@code 2024-09-30.acacia} (from {@code /stripe/acacia}) of {@code type}
   * around that version's {@code objectName} fixture: the period on the subscription, the invoice's
   * subscription at its top level.
   */
  static JsonObject acaciaEvent(String type, JsonObject object) {
    JsonObject event = fixture("acacia/event");
    event.addProperty("type", type);
    event.getAsJsonObject("data").add("object", object);
    return event;
  }

  static String eventJson(String type, JsonObject object) {
    return event(type, object).toString();
  }

  /** The first subscription item of a subscription object, for in-place edits. */
  static JsonObject firstItem(JsonObject subscription) {
    return subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
  }

  static String error(String type, String code, String message) {
    JsonObject error = new JsonObject();
    error.addProperty("type", type);
    if (code != null) {
      error.addProperty("code", code);
    }
    error.addProperty("message", message);
    JsonObject root = new JsonObject();
    root.add("error", error);
    return root.toString();
  }

  static String list(String url, boolean hasMore, JsonElement... objects) {
    JsonArray data = new JsonArray();
    for (JsonElement object : objects) {
      data.add(object);
    }
    JsonObject list = new JsonObject();
    list.addProperty("object", "list");
    list.addProperty("url", url);
    list.addProperty("has_more", hasMore);
    list.add("data", data);
    return list.toString();
  }

  static JsonObject subscriptionWithId(String id) {
    JsonObject subscription = fixture("subscription");
    subscription.addProperty("id", id);
    return subscription;
  }

  static String customer(String id) {
    return "{\"id\":\"" + id + "\",\"object\":\"customer\",\"metadata\":{}}";
  }

  static String checkoutSessionCreated(String id) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"checkout.session\",\"mode\":\"subscription\",\"status\":\"open\","
        + "\"url\":\"https://checkout.stripe.com/c/pay/"
        + id
        + "\"}";
  }

  static String portalSession(String url) {
    return "{\"id\":\"bps_1Pgc7HB7WZ01zgkWNs8s9Auh\",\"object\":\"billing_portal.session\","
        + "\"customer\":\""
        + CUSTOMER_ID
        + "\",\"url\":\""
        + url
        + "\"}";
  }

  static JsonObject price(String id, String lookupKey, long amount, String interval) {
    return JsonParser.parseString(
            "{\"id\":\""
                + id
                + "\",\"object\":\"price\",\"active\":true,\"currency\":\"usd\",\"lookup_key\":\""
                + lookupKey
                + "\",\"product\":\"prod_x\",\"type\":\"recurring\",\"unit_amount\":"
                + amount
                + ",\"recurring\":{\"interval\":\""
                + interval
                + "\",\"interval_count\":1}}")
        .getAsJsonObject();
  }

  static String product(String id, String name) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"product\",\"active\":true,\"name\":\""
        + name
        + "\"}";
  }
}

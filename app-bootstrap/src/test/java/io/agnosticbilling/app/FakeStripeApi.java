package io.agnosticbilling.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stateful Stripe on a loopback port (JDK HttpServer), answering exactly the calls {@code
 * StripePaymentProvider} makes: customers, Checkout sessions (create, retrieve), Customer Portal
 * sessions, subscriptions (retrieve, update, list). Objects are shaped like Stripe's for API
 * version {@code dahlia}: the period lives on the subscription item. Writes honour {@code
 * Idempotency-Key} like Stripe: the same key returns the first answer. The Checkout and Portal URLs
 * it hands out point at two bare hosted pages on the same port, so a browser can pay and come back
 * (the stateful sandbox of issue 12 replaces them with the real flows).
 */
final class FakeStripeApi implements AutoCloseable {
  static final long PERIOD_SECONDS = Duration.ofDays(30).toSeconds();
  private static final Pattern SESSION = Pattern.compile("/v1/checkout/sessions/([^/]+)");
  private static final Pattern SUBSCRIPTION = Pattern.compile("/v1/subscriptions/([^/]+)");
  private static final Pattern HOSTED_CHECKOUT = Pattern.compile("/c/pay/([A-Za-z0-9_]+)");
  private static final Pattern HOSTED_PORTAL = Pattern.compile("/p/session/([A-Za-z0-9_]+)");

  private final HttpServer server;
  private final Map<String, Long> priceAmounts;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, JsonObject> customers = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> sessionPrices = new ConcurrentHashMap<>();
  private final Map<String, Long> sessionTrialDays = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, String> portalReturnUrls = new ConcurrentHashMap<>();
  private final Set<String> hidden = ConcurrentHashMap.newKeySet();
  private final Map<String, String> idempotentAnswers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile Duration subscriptionReadDelay = Duration.ZERO;

  /**
   * @param priceAmounts the prices this Stripe sells, with their amount in cents: monthly, or
   *     yearly for an id containing {@code yearly}
   */
  FakeStripeApi(Map<String, Long> priceAmounts) throws IOException {
    this.priceAmounts = Map.copyOf(priceAmounts);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request seen, as {@code METHOD path}. */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * The customer pays on the hosted page: the session completes and an active subscription starts
   * now for the session's price. Returns the new subscription.
   */
  synchronized JsonObject completeCheckout(String sessionId) {
    JsonObject session = sessions.get(sessionId);
    if (session == null) {
      throw new IllegalArgumentException("no session " + sessionId);
    }
    long now = Instant.now().getEpochSecond();
    String id = "sub_" + next();
    JsonObject subscription = new JsonObject();
    subscription.addProperty("id", id);
    subscription.addProperty("object", "subscription");
    subscription.addProperty("customer", session.get("customer").getAsString());
    Long trialDays = sessionTrialDays.get(sessionId);
    boolean yearly = isYearly(sessionPrices.get(sessionId));
    long periodEnd =
        trialDays != null
            ? now + Duration.ofDays(trialDays).toSeconds()
            : now + (yearly ? Duration.ofDays(365).toSeconds() : PERIOD_SECONDS);
    subscription.addProperty("status", trialDays != null ? "trialing" : "active");
    subscription.addProperty("cancel_at_period_end", false);
    subscription.add("cancel_at", JsonNull.INSTANCE);
    subscription.add("canceled_at", JsonNull.INSTANCE);
    if (trialDays != null) {
      subscription.addProperty("trial_end", periodEnd);
    } else {
      subscription.add("trial_end", JsonNull.INSTANCE);
    }
    subscription.addProperty("created", now);
    subscription.addProperty("start_date", now);
    subscription.addProperty("livemode", false);
    subscription.addProperty("collection_method", "charge_automatically");
    subscription.addProperty("currency", "usd");
    JsonObject metadata = new JsonObject();
    metadata.addProperty("organizationId", session.get("client_reference_id").getAsString());
    subscription.add("metadata", metadata);
    JsonObject item = new JsonObject();
    item.addProperty("id", "si_" + next());
    item.addProperty("object", "subscription_item");
    item.addProperty("created", now);
    item.addProperty("quantity", 1);
    item.addProperty("subscription", id);
    item.addProperty("current_period_start", now);
    item.addProperty("current_period_end", periodEnd);
    item.add("metadata", new JsonObject());
    item.add("price", price(sessionPrices.get(sessionId)));
    JsonArray data = new JsonArray();
    data.add(item);
    JsonObject items = new JsonObject();
    items.addProperty("object", "list");
    items.add("data", data);
    items.addProperty("has_more", false);
    items.addProperty("url", "/v1/subscription_items?subscription=" + id);
    subscription.add("items", items);
    subscriptions.put(id, subscription);
    session.addProperty("status", "complete");
    session.addProperty("payment_status", "paid");
    session.addProperty("subscription", id);
    return subscription.deepCopy();
  }

  /** A copy of the current state of a subscription or session (for event payloads). */
  JsonObject subscription(String id) {
    return subscriptions.get(id).deepCopy();
  }

  JsonObject session(String id) {
    return sessions.get(id).deepCopy();
  }

  /** Changes a subscription on "Stripe's side" (what a dashboard action or a renewal would do). */
  synchronized JsonObject update(String id, Consumer<JsonObject> change) {
    JsonObject subscription = subscriptions.get(id);
    change.accept(subscription);
    return subscription.deepCopy();
  }

  /** Makes {@code GET /v1/subscriptions/<id>} answer 404 (or work again). */
  void hide(String subscriptionId, boolean hide) {
    if (hide) {
      hidden.add(subscriptionId);
    } else {
      hidden.remove(subscriptionId);
    }
  }

  /** Makes every {@code GET /v1/subscriptions/<id>} wait this long (a slow Stripe). */
  void delaySubscriptionReads(Duration delay) {
    this.subscriptionReadDelay = delay;
  }

  private static boolean isYearly(String priceId) {
    return priceId.contains("yearly");
  }

  private JsonObject price(String priceId) {
    Long amount = priceAmounts.get(priceId);
    if (amount == null) {
      throw new IllegalArgumentException("unknown price " + priceId);
    }
    JsonObject price = new JsonObject();
    price.addProperty("id", priceId);
    price.addProperty("object", "price");
    price.addProperty("active", true);
    price.addProperty("currency", "usd");
    price.addProperty("type", "recurring");
    price.addProperty("unit_amount", amount);
    JsonObject recurring = new JsonObject();
    recurring.addProperty("interval", isYearly(priceId) ? "year" : "month");
    recurring.addProperty("interval_count", 1);
    price.add("recurring", recurring);
    return price;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(method + " " + path);
      if (hostedPage(exchange, method, path)) {
        return;
      }
      Map<String, String> form =
          decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      if ("GET".equals(method) && SUBSCRIPTION.matcher(path).matches()) {
        pause(subscriptionReadDelay);
      }
      Answer answer;
      if ("POST".equals(method) && key != null && idempotentAnswers.containsKey(key)) {
        answer = new Answer(200, idempotentAnswers.get(key));
      } else {
        answer = route(method, path, form);
        if ("POST".equals(method) && key != null && answer.status() == 200) {
          idempotentAnswers.put(key, answer.body());
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Request-Id", "req_fake_" + requests.size());
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private record Answer(int status, String body) {}

  /**
   * The hosted pages a browser is sent to: Checkout (GET shows it, POST pays and redirects to the
   * session's success URL) and the Portal (a return link). True when the request was one of them.
   */
  private boolean hostedPage(HttpExchange exchange, String method, String path) throws IOException {
    Matcher checkout = HOSTED_CHECKOUT.matcher(path);
    Matcher portal = HOSTED_PORTAL.matcher(path);
    if (checkout.matches() && sessions.containsKey(checkout.group(1))) {
      String id = checkout.group(1);
      JsonObject session = sessions.get(id);
      if ("POST".equals(method)) {
        completeCheckout(id);
        String success =
            session.get("success_url").getAsString().replace("{CHECKOUT_SESSION_ID}", id);
        exchange.getResponseHeaders().add("Location", success);
        exchange.sendResponseHeaders(303, -1);
        return true;
      }
      long amount = priceAmounts.get(sessionPrices.get(id));
      html(
          exchange,
          "<h1>Pay "
              + String.format(java.util.Locale.US, "$%d.%02d", amount / 100, amount % 100)
              + " per month</h1><form method=\"post\" action=\""
              + path
              + "\">"
              + "<label>Card number <input data-testid=\"checkout-card-number\""
              + " value=\"4242 4242 4242 4242\"></label>"
              + "<button data-testid=\"checkout-pay\">Pay</button></form>"
              + "<a data-testid=\"checkout-cancel\" href=\""
              + session.get("cancel_url").getAsString().replace("&", "&amp;")
              + "\">Back</a>");
      return true;
    }
    if (portal.matches() && portalReturnUrls.containsKey(portal.group(1))) {
      html(
          exchange,
          "<h1>Customer portal</h1><a data-testid=\"portal-return\" href=\""
              + portalReturnUrls.get(portal.group(1)).replace("&", "&amp;")
              + "\">Return</a>");
      return true;
    }
    return false;
  }

  private static void html(HttpExchange exchange, String body) throws IOException {
    // An empty icon, so the browser asks for no favicon (a 404 there is a console error).
    byte[] bytes =
        ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<link rel=\"icon\" href=\"data:,\"><title>Fake Stripe</title></head><body>"
                + body
                + "</body></html>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Answer route(String method, String path, Map<String, String> form) {
    if ("POST".equals(method) && path.equals("/v1/customers")) {
      JsonObject customer = new JsonObject();
      customer.addProperty("id", "cus_" + next());
      customer.addProperty("object", "customer");
      customer.addProperty("email", form.get("email"));
      customer.addProperty("name", form.get("name"));
      JsonObject metadata = new JsonObject();
      metadata.addProperty("organizationId", form.get("metadata[organizationId]"));
      customer.add("metadata", metadata);
      customers.put(customer.get("id").getAsString(), customer);
      return ok(customer);
    }
    if ("POST".equals(method) && path.equals("/v1/checkout/sessions")) {
      String price = form.get("line_items[0][price]");
      if (!priceAmounts.containsKey(price) || !customers.containsKey(form.get("customer"))) {
        return error(400, "resource_missing", "No such price or customer");
      }
      String id = "cs_test_" + next();
      JsonObject session = new JsonObject();
      session.addProperty("id", id);
      session.addProperty("object", "checkout.session");
      session.addProperty("mode", form.get("mode"));
      session.addProperty("status", "open");
      session.addProperty("payment_status", "unpaid");
      session.addProperty("customer", form.get("customer"));
      session.addProperty("client_reference_id", form.get("client_reference_id"));
      session.add("subscription", JsonNull.INSTANCE);
      session.addProperty("success_url", form.get("success_url"));
      session.addProperty("cancel_url", form.get("cancel_url"));
      session.addProperty("url", baseUrl() + "/c/pay/" + id);
      session.addProperty("created", Instant.now().getEpochSecond());
      session.addProperty("livemode", false);
      JsonObject metadata = new JsonObject();
      metadata.addProperty("organizationId", form.get("metadata[organizationId]"));
      metadata.addProperty("plan", form.get("metadata[plan]"));
      session.add("metadata", metadata);
      sessionPrices.put(id, price);
      String trialDays = form.get("subscription_data[trial_period_days]");
      if (trialDays != null) {
        sessionTrialDays.put(id, Long.parseLong(trialDays));
      }
      sessions.put(id, session);
      return ok(session);
    }
    Matcher sessionPath = SESSION.matcher(path);
    if ("GET".equals(method) && sessionPath.matches()) {
      return Optional.ofNullable(sessions.get(sessionPath.group(1)))
          .map(FakeStripeApi::ok)
          .orElseGet(() -> error(404, "resource_missing", "No such checkout.session"));
    }
    if ("POST".equals(method) && path.equals("/v1/billing_portal/sessions")) {
      if (!customers.containsKey(form.get("customer"))) {
        return error(400, "resource_missing", "No such customer");
      }
      String portalId = "bps_" + next();
      JsonObject portal = new JsonObject();
      portal.addProperty("id", portalId);
      portal.addProperty("object", "billing_portal.session");
      portal.addProperty("customer", form.get("customer"));
      portal.addProperty("return_url", form.get("return_url"));
      portal.addProperty("url", baseUrl() + "/p/session/" + portalId);
      portalReturnUrls.put(portalId, form.get("return_url"));
      return ok(portal);
    }
    if ("GET".equals(method) && path.equals("/v1/subscriptions")) {
      JsonArray data = new JsonArray();
      subscriptions.values().forEach(data::add);
      JsonObject list = new JsonObject();
      list.addProperty("object", "list");
      list.addProperty("url", "/v1/subscriptions");
      list.addProperty("has_more", false);
      list.add("data", data);
      return new Answer(200, list.toString());
    }
    Matcher subscriptionPath = SUBSCRIPTION.matcher(path);
    if (subscriptionPath.matches()) {
      String id = subscriptionPath.group(1);
      JsonObject subscription = subscriptions.get(id);
      if (subscription == null || hidden.contains(id)) {
        return error(404, "resource_missing", "No such subscription: '" + id + "'");
      }
      if ("GET".equals(method)) {
        return ok(subscription);
      }
      JsonObject item =
          subscription.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
      if (form.containsKey("items[0][price]")) {
        if (!item.get("id").getAsString().equals(form.get("items[0][id]"))) {
          return error(400, "resource_missing", "No such subscription item");
        }
        item.add("price", price(form.get("items[0][price]")));
      }
      if (form.containsKey("cancel_at_period_end")) {
        boolean cancel = Boolean.parseBoolean(form.get("cancel_at_period_end"));
        subscription.addProperty("cancel_at_period_end", cancel);
        if (cancel) {
          subscription.addProperty("cancel_at", item.get("current_period_end").getAsLong());
        } else {
          subscription.add("cancel_at", JsonNull.INSTANCE);
        }
      }
      return ok(subscription);
    }
    return error(404, "resource_missing", "Unrecognized request URL (" + method + " " + path + ")");
  }

  private static Answer ok(JsonObject object) {
    return new Answer(200, object.toString());
  }

  private static Answer error(int status, String code, String message) {
    JsonObject error = new JsonObject();
    error.addProperty("type", "invalid_request_error");
    error.addProperty("code", code);
    error.addProperty("message", message);
    JsonObject root = new JsonObject();
    root.add("error", error);
    return new Answer(status, root.toString());
  }

  private String next() {
    return String.format("%06d", ids.incrementAndGet());
  }

  private static Map<String, String> decode(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form.isEmpty()) {
      return params;
    }
    for (String pair : new ArrayList<>(List.of(form.split("&")))) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

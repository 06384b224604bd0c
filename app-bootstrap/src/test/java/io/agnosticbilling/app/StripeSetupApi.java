package io.agnosticbilling.app;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Stripe-shaped server for {@code config check --online}: the key's balance, prices by id and the
 * webhook endpoints, as Stripe's API answers them (401 for another key, 404 {@code
 * resource_missing} for an unknown price), each object changeable by a test to make a bad set-up.
 */
final class StripeSetupApi implements AutoCloseable {
  static final String KEY = "sk_test_setupCheck123";

  private final HttpServer server;
  private final Map<String, JsonObject> prices = new ConcurrentHashMap<>();
  private final List<JsonObject> endpoints = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  volatile boolean livemode;

  StripeSetupApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  /** A recurring monthly price of {@code product} as {@code stripe sync-catalog} makes it. */
  JsonObject price(String id, String plan, long amount) {
    JsonObject price = new JsonObject();
    price.addProperty("id", id);
    price.addProperty("object", "price");
    price.addProperty("active", true);
    price.addProperty("currency", "usd");
    price.addProperty("livemode", false);
    price.addProperty("lookup_key", "agnostic_billing_" + plan + "_monthly");
    price.addProperty("product", "agnostic_billing_" + plan);
    price.addProperty("type", "recurring");
    price.addProperty("unit_amount", amount);
    JsonObject recurring = new JsonObject();
    recurring.addProperty("interval", "month");
    recurring.addProperty("interval_count", 1);
    recurring.addProperty("usage_type", "licensed");
    price.add("recurring", recurring);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("plan", plan);
    price.add("metadata", metadata);
    prices.put(id, price);
    return price;
  }

  void removePrice(String id) {
    prices.remove(id);
  }

  /** An enabled endpoint at {@code url} sending {@code events} in {@code apiVersion}. */
  JsonObject endpoint(String url, List<String> events, String apiVersion) {
    JsonObject endpoint = new JsonObject();
    endpoint.addProperty("id", "we_" + (endpoints.size() + 1));
    endpoint.addProperty("object", "webhook_endpoint");
    endpoint.addProperty("url", url);
    endpoint.addProperty("status", "enabled");
    endpoint.addProperty("livemode", false);
    endpoint.addProperty("api_version", apiVersion);
    JsonArray enabled = new JsonArray();
    events.forEach(enabled::add);
    endpoint.add("enabled_events", enabled);
    endpoints.add(endpoint);
    return endpoint;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests.add(exchange.getRequestMethod() + " " + path);
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (!("Bearer " + KEY).equals(authorization)) {
      answer(
          exchange,
          401,
          error("invalid_request_error", null, "Invalid API Key provided: sk_test_****"));
      return;
    }
    if (path.equals("/v1/balance")) {
      JsonObject balance = new JsonObject();
      balance.addProperty("object", "balance");
      balance.addProperty("livemode", livemode);
      balance.add("available", new JsonArray());
      balance.add("pending", new JsonArray());
      answer(exchange, 200, balance.toString());
    } else if (path.startsWith("/v1/prices/")) {
      String id = path.substring("/v1/prices/".length());
      JsonObject price = prices.get(id);
      if (price == null) {
        answer(
            exchange,
            404,
            error("invalid_request_error", "resource_missing", "No such price: '" + id + "'"));
      } else {
        answer(exchange, 200, price.toString());
      }
    } else if (path.equals("/v1/webhook_endpoints")) {
      JsonObject list = new JsonObject();
      list.addProperty("object", "list");
      JsonArray data = new JsonArray();
      endpoints.forEach(data::add);
      list.add("data", data);
      list.addProperty("has_more", false);
      list.addProperty("url", "/v1/webhook_endpoints");
      answer(exchange, 200, list.toString());
    } else {
      answer(exchange, 404, error("invalid_request_error", null, "Unrecognized request URL"));
    }
  }

  private static String error(String type, String code, String message) {
    JsonObject error = new JsonObject();
    error.addProperty("type", type);
    if (code != null) {
      error.addProperty("code", code);
    }
    error.addProperty("message", message);
    JsonObject body = new JsonObject();
    body.add("error", error);
    return body.toString();
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Request-Id", "req_setup");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

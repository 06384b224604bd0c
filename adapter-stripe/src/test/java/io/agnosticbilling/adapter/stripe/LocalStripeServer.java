package io.agnosticbilling.adapter.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Stripe-shaped HTTP server on a free loopback port: answers scripted JSON per method and path,
 * and records every request (headers and decoded form parameters) for assertions. Like Stripe, it
 * refuses an idempotency key reused with other parameters (400 {@code idempotency_error}).
 */
final class LocalStripeServer implements AutoCloseable {

  /** One recorded request. */
  record Recorded(
      String method, String path, String query, Map<String, String> headers, String body) {

    /** Decoded form (POST body) or query (GET) parameters, in order. */
    Map<String, String> params() {
      return decode("POST".equals(method) ? body : query);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A scripted answer. */
  record Answer(int status, String body, Map<String, String> headers, Duration delay) {}

  private final HttpServer server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, String> idempotentRequests = new ConcurrentHashMap<>();

  LocalStripeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues an answer; the last answer queued for a route keeps being given. */
  LocalStripeServer on(String method, String path, int status, String body) {
    return on(method, path, new Answer(status, body, Map.of(), Duration.ZERO));
  }

  LocalStripeServer on(String method, String path, Answer answer) {
    answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(answer);
    return this;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  List<Recorded> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(
          new Recorded(method, path, exchange.getRequestURI().getRawQuery(), headers, body));
      String key = headers.get("idempotency-key");
      String request = method + " " + path + "?" + body;
      Answer answer =
          key != null && !idempotentRequests.computeIfAbsent(key, k -> request).equals(request)
              ? keyReused(key)
              : next(method + " " + path).orElse(notFound(path));
      if (!answer.delay().isZero()) {
        Thread.sleep(answer.delay().toMillis());
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Request-Id", "req_local_" + requests.size());
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (read timeout test): nothing left to answer.
    }
  }

  private Optional<Answer> next(String route) {
    Deque<Answer> queue = answers.get(route);
    if (queue == null) {
      return Optional.empty();
    }
    synchronized (queue) {
      return Optional.ofNullable(queue.size() > 1 ? queue.poll() : queue.peek());
    }
  }

  private static Answer keyReused(String key) {
    return new Answer(
        400,
        StripeJson.error(
            "idempotency_error",
            null,
            "Keys for idempotent requests can only be used with the same parameters they were"
                + " first used with. Try using a key other than '"
                + key
                + "' if you meant to execute a different request."),
        Map.of(),
        Duration.ZERO);
  }

  private static Answer notFound(String path) {
    return new Answer(
        404,
        StripeJson.error("invalid_request_error", "resource_missing", "No such object: " + path),
        Map.of(),
        Duration.ZERO);
  }

  static Map<String, String> decode(String form) {
    Map<String, String> params = new LinkedHashMap<>();
    if (form == null || form.isEmpty()) {
      return params;
    }
    List<String> pairs = new ArrayList<>(List.of(form.split("&")));
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

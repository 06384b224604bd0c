package io.agnosticbilling.app;

import com.sun.net.httpserver.HttpServer;
import io.agnosticbilling.adapter.notify.NotificationSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host app's notification endpoint in the test JVM, on a port that stays the same while the
 * server under test is killed and restarted: verifies {@code Billing-Signature}, answers 503 while
 * "down", and while up dedupes by the notification's id, counting every arrival.
 */
final class NotificationReceiver implements AutoCloseable {
  static final String SECRET = "notify-secret-for-the-crash-test";

  final AtomicInteger refusedWhileDown = new AtomicInteger();
  final AtomicInteger badSignatures = new AtomicInteger();

  /** Arrivals per notification id (a second arrival is a duplicate the receiver drops). */
  final Map<String, Integer> arrivals = new ConcurrentHashMap<>();

  /** The body of the first arrival of each id: what the host app acted on. */
  final Map<String, String> processed = new ConcurrentHashMap<>();

  private volatile boolean up;
  private final HttpServer server;

  NotificationReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/notifications",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          int status;
          if (!up) {
            refusedWhileDown.incrementAndGet();
            status = 503;
          } else if (!NotificationSignature.verify(
              exchange.getRequestHeaders().getFirst(NotificationSignature.HEADER),
              body,
              SECRET,
              Instant.now(),
              Duration.ofMinutes(5))) {
            badSignatures.incrementAndGet();
            status = 400;
          } else {
            String id = ApiClient.JSON.readTree(body).path("id").asText();
            arrivals.merge(id, 1, Integer::sum);
            processed.putIfAbsent(id, body);
            status = 200;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/notifications";
  }

  void up(boolean value) {
    up = value;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

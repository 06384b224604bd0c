package io.agnosticbilling.adapter.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host app's notification endpoint on a real local port: verifies {@code Billing-Signature},
 * answers 500 to the first {@code failFirst} deliveries, dedupes by id and counts every arrival.
 */
final class SigningReceiver implements AutoCloseable {
  final String secret;
  final AtomicInteger failFirst = new AtomicInteger();
  final AtomicInteger badSignatures = new AtomicInteger();
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final Map<String, Integer> arrivals = new ConcurrentHashMap<>();
  private final HttpServer server;

  SigningReceiver(String secret) throws IOException {
    this.secret = secret;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hooks/billing",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String signature = exchange.getRequestHeaders().getFirst(NotificationSignature.HEADER);
          int status;
          if (!NotificationSignature.verify(
              signature, body, secret, Instant.now(), Duration.ofMinutes(5))) {
            badSignatures.incrementAndGet();
            status = 400;
          } else if (failFirst.getAndDecrement() > 0) {
            status = 500;
          } else {
            String id = exchange.getRequestHeaders().getFirst("Billing-Notification-Id");
            arrivals.merge(id, 1, Integer::sum);
            bodies.add(body);
            status = 200;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/billing");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

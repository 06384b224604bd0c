package io.agnosticbilling.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A webhook endpoint on a free loopback port: records deliveries, answers scripted statuses. */
final class WebhookReceiver implements AutoCloseable {

  /** One delivery as received. */
  record Received(String signature, String body, long receivedAtMillis) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/webhook",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(
                new Received(
                    exchange.getRequestHeaders().getFirst("Stripe-Signature"),
                    body,
                    System.currentTimeMillis()));
            int status;
            synchronized (statuses) {
              status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            exchange.sendResponseHeaders(status, -1);
          }
        });
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
  }

  /** The next answers, in order; afterwards every delivery gets 200. */
  WebhookReceiver answer(int... next) {
    synchronized (statuses) {
      for (int status : next) {
        statuses.add(status);
      }
    }
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> containing(String text) {
    return received.stream().filter(r -> r.body().contains(text)).toList();
  }

  /** Waits until the deliveries so far satisfy {@code condition}, failing after 10 seconds. */
  List<Received> await(Predicate<List<Received>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<Received> now = received();
      if (condition.test(now)) {
        return now;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("webhook deliveries never met the condition; got " + received.size());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.agnosticbilling.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers events at least once to the configured endpoint on a background thread, signed like
 * Stripe's, retrying non-2xx answers and network failures with doubling waits; applies the {@link
 * Faults} switched on. Signatures carry wall-clock time (not the test clock), as Stripe's do for
 * test-clock events, so receivers' tolerance checks pass after the clock is advanced.
 */
final class WebhookDeliverer implements AutoCloseable {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** The delivery state of one event. */
  static final class Delivery {
    final AtomicInteger attempts = new AtomicInteger();
    volatile boolean delivered;
    volatile boolean gaveUp;
    volatile String lastResult = "pending";
  }

  private volatile Optional<URI> endpoint;
  private final WebhookSigner signer;
  private final Faults faults;
  private final Clock wallClock;
  private final Duration firstRetryAfter;
  private final Duration maxRetryWait;
  private final int maxAttempts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "stripe-sandbox-webhooks");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
  private final Random random = new Random();

  WebhookDeliverer(SandboxOptions options, Faults faults, Clock wallClock) {
    this.endpoint = options.webhookEndpoint();
    this.signer = new WebhookSigner(options.webhookSecret());
    this.faults = faults;
    this.wallClock = wallClock;
    this.firstRetryAfter = options.firstRetryAfter();
    this.maxRetryWait = options.maxRetryWait();
    this.maxAttempts = options.maxDeliveryAttempts();
  }

  /** Sends later events to {@code endpoint}; events emitted before are not sent. */
  void endpoint(URI endpoint) {
    this.endpoint = Optional.of(endpoint);
  }

  Optional<URI> endpoint() {
    return endpoint;
  }

  /** Queues one write's events, in order unless the shuffle fault is on. */
  void enqueue(List<EventRecord> batch) {
    Optional<URI> target = endpoint;
    if (target.isEmpty()) {
      return;
    }
    List<EventRecord> order = new ArrayList<>(batch);
    if (faults.shuffle() && order.size() > 1) {
      List<EventRecord> original = List.copyOf(order);
      Collections.shuffle(order, random);
      if (order.equals(original)) {
        Collections.rotate(order, 1);
      }
    }
    long delay = faults.delay().toMillis();
    int copies = faults.duplicate() ? 2 : 1;
    boolean drop = faults.dropFirstAttempt();
    for (EventRecord event : order) {
      deliveries.putIfAbsent(event.id(), new Delivery());
      for (int copy = 0; copy < copies; copy++) {
        schedule(() -> attempt(target.get(), event, 1, drop), delay);
      }
    }
  }

  Optional<Delivery> delivery(String eventId) {
    return Optional.ofNullable(deliveries.get(eventId));
  }

  private void attempt(URI target, EventRecord event, int attempt, boolean dropFirst) {
    Delivery delivery = deliveries.get(event.id());
    delivery.attempts.incrementAndGet();
    if (dropFirst && attempt == 1) {
      delivery.lastResult = "dropped (fault)";
      retry(target, event, attempt, delivery);
      return;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(target)
              .timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
              .header(
                  "Stripe-Signature",
                  signer.header(wallClock.instant().getEpochSecond(), event.payload()))
              .POST(HttpRequest.BodyPublishers.ofString(event.payload()))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      delivery.lastResult = "HTTP " + status;
      if (status >= 200 && status < 300) {
        delivery.delivered = true;
        return;
      }
    } catch (IOException e) {
      delivery.lastResult = "failed: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    retry(target, event, attempt, delivery);
  }

  private void retry(URI target, EventRecord event, int attempt, Delivery delivery) {
    if (attempt >= maxAttempts) {
      delivery.gaveUp = !delivery.delivered;
      return;
    }
    long wait = firstRetryAfter.toMillis() << Math.min(attempt - 1, 20);
    schedule(
        () -> attempt(target, event, attempt + 1, false), Math.min(wait, maxRetryWait.toMillis()));
  }

  private void schedule(Runnable task, long delayMillis) {
    try {
      scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: events still queued are not delivered, as when a sandbox process stops.
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

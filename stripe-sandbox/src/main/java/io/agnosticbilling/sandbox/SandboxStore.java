package io.agnosticbilling.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sandbox's state: every Stripe object by id, behind one lock. A write runs whole under the
 * lock (so concurrent requests cannot interleave a check and an act) and hands the events it
 * emitted to the deliverer once the lock is released, as one batch.
 */
final class SandboxStore {
  private final ReentrantLock lock = new ReentrantLock();
  private final Consumer<List<EventRecord>> publisher;

  final SandboxClock clock;
  final EventLog events;
  final Map<String, Customer> customers = new LinkedHashMap<>();
  final Map<String, Product> products = new LinkedHashMap<>();
  final Map<String, Price> prices = new LinkedHashMap<>();
  final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  final Map<String, Invoice> invoices = new LinkedHashMap<>();
  final Map<String, Schedule> schedules = new LinkedHashMap<>();
  final Map<String, CheckoutSession> checkoutSessions = new LinkedHashMap<>();
  final Map<String, PortalSession> portalSessions = new LinkedHashMap<>();

  SandboxStore(SandboxClock clock, EventLog events, Consumer<List<EventRecord>> publisher) {
    this.clock = clock;
    this.events = events;
    this.publisher = publisher;
  }

  /** Runs a change under the lock, then publishes the events it emitted. */
  <T> T write(Supplier<T> change) {
    List<EventRecord> batch;
    lock.lock();
    try {
      return change.get();
    } finally {
      batch = events.drainPending();
      lock.unlock();
      if (!batch.isEmpty()) {
        publisher.accept(batch);
      }
    }
  }

  /** Runs a read under the lock, so it sees no half-made change. */
  <T> T read(Supplier<T> query) {
    lock.lock();
    try {
      return query.get();
    } finally {
      lock.unlock();
    }
  }

  private volatile String baseUrl = "";

  /** Where the sandbox listens, for the {@code url} of Checkout and Portal sessions. */
  String baseUrl() {
    return baseUrl;
  }

  void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  long now() {
    return clock.epochSecond();
  }

  Customer customer(String id, String param) {
    return found(customers, id, "customer", param);
  }

  Product product(String id, String param) {
    return found(products, id, "product", param);
  }

  Price price(String id, String param) {
    return found(prices, id, "price", param);
  }

  Subscription subscription(String id, String param) {
    return found(subscriptions, id, "subscription", param);
  }

  Schedule schedule(String id, String param) {
    return found(schedules, id, "subscription_schedule", param);
  }

  Invoice invoice(String id, String param) {
    return found(invoices, id, "invoice", param);
  }

  CheckoutSession checkoutSession(String id, String param) {
    return found(checkoutSessions, id, "checkout.session", param);
  }

  PortalSession portalSession(String id) {
    return found(portalSessions, id, "billing_portal.session", "id");
  }

  /** Objects newest first, the order of Stripe's lists. */
  static <T> List<T> newestFirst(Collection<T> values) {
    List<T> list = new ArrayList<>(values);
    Collections.reverse(list);
    return list;
  }

  private static <T> T found(Map<String, T> objects, String id, String what, String param) {
    T object = id == null ? null : objects.get(id);
    if (object == null) {
      throw StripeError.missing(what, id, param);
    }
    return object;
  }
}

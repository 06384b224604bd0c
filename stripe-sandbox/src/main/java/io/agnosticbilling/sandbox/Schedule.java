package io.agnosticbilling.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subscription schedule made from a subscription: its phases change the subscription's price at
 * the boundaries of its periods. Mutable state owned by {@link SandboxStore}, moved by {@link
 * SubscriptionLifecycle} and {@link ScheduleApi} under its lock.
 */
final class Schedule {
  final String id;
  final long created;
  final String customer;
  final Map<String, String> metadata;
  final List<Phase> phases = new ArrayList<>();
  String subscription;
  String releasedSubscription;
  String status = "active";
  String endBehavior = "release";
  Long releasedAt;
  Long canceledAt;
  Long completedAt;

  Schedule(String id, long created, String customer, Map<String, String> metadata) {
    this.id = id;
    this.created = created;
    this.customer = customer;
    this.metadata = metadata;
  }

  /** One phase: its price from {@code start} to {@code end} (one period of the price if open). */
  static final class Phase {
    final long start;
    final Long end;
    final String priceId;
    final long quantity;

    Phase(long start, Long end, String priceId, long quantity) {
      this.start = start;
      this.end = end;
      this.priceId = priceId;
      this.quantity = quantity;
    }
  }

  boolean live() {
    return "active".equals(status) || "not_started".equals(status);
  }

  /** The phase starting exactly at {@code at}, if any. */
  Phase startingAt(long at) {
    return phases.stream().filter(p -> p.start == at).findFirst().orElse(null);
  }
}

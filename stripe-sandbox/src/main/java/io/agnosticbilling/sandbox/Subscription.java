package io.agnosticbilling.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A subscription with its one item; mutable state owned by {@link SandboxStore}, moved by {@link
 * SubscriptionLifecycle} only.
 */
final class Subscription {
  final String id;
  final long created;
  final String customer;
  final String itemId;
  final Map<String, String> metadata;
  String priceId;
  long quantity = 1;
  String status;
  long startDate;
  long periodStart;
  long periodEnd;
  long billingCycleAnchor;
  int cyclesFromAnchor;
  boolean cancelAtPeriodEnd;
  Long cancelAt;
  Long canceledAt;
  Long endedAt;
  String cancellationReason;
  Long trialStart;
  Long trialEnd;
  boolean trialWillEndSent;
  String latestInvoice;
  String schedule;
  Integer percentOff;
  String promotionCode;
  final List<InvoiceLine> pendingProrations = new ArrayList<>();

  Subscription(
      String id, long created, String customer, String priceId, Map<String, String> metadata) {
    this.id = id;
    this.created = created;
    this.customer = customer;
    this.priceId = priceId;
    this.metadata = metadata;
    this.itemId = Ids.next("si");
  }

  boolean ended() {
    return "canceled".equals(status) || "incomplete_expired".equals(status);
  }
}

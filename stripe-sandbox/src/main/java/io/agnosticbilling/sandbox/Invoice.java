package io.agnosticbilling.sandbox;

import java.util.List;
import java.util.Map;

/**
 * An invoice of a subscription: {@code open} until paid, retried on the dunning schedule. Owned by
 * {@link SandboxStore}.
 */
final class Invoice {
  final String id;
  final long created;
  final String customer;
  final String subscription;
  final Map<String, String> subscriptionMetadata;
  final List<InvoiceLine> lines;
  final String currency;
  final String billingReason;
  final long periodStart;
  final long periodEnd;
  final long amountDue;
  final long discount;
  String status = "open";
  String number;
  long amountPaid;
  int attemptCount;
  Long firstFailedAt;
  Long nextPaymentAttempt;

  Invoice(
      String id,
      long created,
      Subscription subscription,
      List<InvoiceLine> lines,
      String currency,
      String billingReason,
      long periodStart,
      long periodEnd) {
    this.id = id;
    this.created = created;
    this.customer = subscription.customer;
    this.subscription = subscription.id;
    this.subscriptionMetadata = Map.copyOf(subscription.metadata);
    this.lines = List.copyOf(lines);
    this.currency = currency;
    this.billingReason = billingReason;
    this.periodStart = periodStart;
    this.periodEnd = periodEnd;
    long subtotal = subtotal();
    // A credit larger than the charge (a downgrade's proration) is not carried as a balance.
    long off = subscription.percentOff == null ? 0 : subtotal * subscription.percentOff / 100;
    this.discount = Math.max(0, off);
    this.amountDue = Math.max(0, subtotal - discount);
  }

  long subtotal() {
    return lines.stream().mapToLong(InvoiceLine::amount).sum();
  }
}

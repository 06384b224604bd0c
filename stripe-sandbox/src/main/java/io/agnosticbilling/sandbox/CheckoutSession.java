package io.agnosticbilling.sandbox;

import java.util.Map;

/** A Checkout session in subscription mode, {@code open} until paid or expired. */
final class CheckoutSession {
  final String id;
  final long created;
  final long expiresAt;
  final String priceId;
  final long quantity;
  final String clientReferenceId;
  final Map<String, String> metadata;
  final Map<String, String> subscriptionMetadata;
  final Long trialPeriodDays;
  final String successUrl;
  final String cancelUrl;
  final boolean allowPromotionCodes;
  final String customerEmail;

  /** A promotion code applied when the session was created ({@code discounts}), or null. */
  String discountCode;

  String customer;
  String status = "open";
  String paymentStatus = "unpaid";
  String subscription;
  Long amountTotal;
  Long amountDiscount;

  CheckoutSession(
      String id,
      long created,
      long expiresAt,
      String customer,
      String customerEmail,
      String priceId,
      long quantity,
      String clientReferenceId,
      Map<String, String> metadata,
      Map<String, String> subscriptionMetadata,
      Long trialPeriodDays,
      String successUrl,
      String cancelUrl,
      boolean allowPromotionCodes) {
    this.id = id;
    this.created = created;
    this.expiresAt = expiresAt;
    this.customer = customer;
    this.customerEmail = customerEmail;
    this.priceId = priceId;
    this.quantity = quantity;
    this.clientReferenceId = clientReferenceId;
    this.metadata = metadata;
    this.subscriptionMetadata = subscriptionMetadata;
    this.trialPeriodDays = trialPeriodDays;
    this.successUrl = successUrl;
    this.cancelUrl = cancelUrl;
    this.allowPromotionCodes = allowPromotionCodes;
  }
}

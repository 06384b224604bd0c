package io.agnosticbilling.sandbox;

import java.util.Map;

/**
 * A price: immutable like Stripe's, except the lookup key (which can be transferred away) and the
 * active flag. Owned by {@link SandboxStore}.
 *
 * @see #recurring() a null interval means a one-time price
 */
final class Price {
  final String id;
  final long created;
  final String product;
  final String currency;
  final long unitAmount;
  final String interval;
  final long intervalCount;
  final String nickname;
  final Map<String, String> metadata;
  String lookupKey;
  boolean active = true;

  Price(
      String id,
      long created,
      String product,
      String currency,
      long unitAmount,
      String interval,
      long intervalCount,
      String nickname,
      Map<String, String> metadata,
      String lookupKey) {
    this.id = id;
    this.created = created;
    this.product = product;
    this.currency = currency;
    this.unitAmount = unitAmount;
    this.interval = interval;
    this.intervalCount = intervalCount;
    this.nickname = nickname;
    this.metadata = metadata;
    this.lookupKey = lookupKey;
  }

  boolean recurring() {
    return interval != null;
  }
}

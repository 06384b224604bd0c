package io.agnosticbilling.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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

  /**
   * {@code count} intervals of this price after {@code fromEpochSecond}, counted on the calendar (a
   * 31st-of-month start does not drift to the 28th when counted from the same start).
   */
  long after(long fromEpochSecond, long count) {
    ZonedDateTime start = Instant.ofEpochSecond(fromEpochSecond).atZone(ZoneOffset.UTC);
    long steps = intervalCount * count;
    ZonedDateTime end =
        switch (interval) {
          case "day" -> start.plusDays(steps);
          case "week" -> start.plusWeeks(steps);
          case "year" -> start.plusYears(steps);
          default -> start.plusMonths(steps);
        };
    return end.toEpochSecond();
  }
}

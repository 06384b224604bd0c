package io.agnosticbilling.domain.plan;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Value object: an amount in minor units (cents) of an ISO-4217 currency. */
public record Money(long amountMinor, String currency) {
  // Compiled once: every store read and every event builds these (String.matches compiles per
  // call).
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z]{3}");

  public Money {
    if (amountMinor < 0) {
      throw new IllegalArgumentException("'amountMinor' must not be negative");
    }
    Objects.requireNonNull(currency, "'currency' must not be null");
    if (!SHAPE.matcher(currency).matches()) {
      throw new IllegalArgumentException("'currency' must be a three-letter ISO code");
    }
    currency = currency.toLowerCase(Locale.ROOT);
  }

  public static Money usd(long cents) {
    return new Money(cents, "usd");
  }

  public boolean isZero() {
    return amountMinor == 0;
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
    }
    return new Money(amountMinor + other.amountMinor, currency);
  }
}

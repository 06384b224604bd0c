package io.agnosticbilling.domain.organization;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Value object: the latest invoice payment outcome the provider reported for an organization. */
public record PaymentRecord(
    String invoiceId,
    Optional<String> subscriptionId,
    Outcome outcome,
    long amountMinor,
    String currency,
    int attemptCount,
    Optional<Instant> nextAttemptAt,
    Instant at) {

  /** Whether the invoice was paid or its payment failed. */
  public enum Outcome {
    PAID,
    FAILED
  }

  public PaymentRecord {
    Objects.requireNonNull(invoiceId, "'invoiceId' must not be null");
    Objects.requireNonNull(subscriptionId, "'subscriptionId' must not be null");
    Objects.requireNonNull(outcome, "'outcome' must not be null");
    Objects.requireNonNull(currency, "'currency' must not be null");
    Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' must not be null");
    Objects.requireNonNull(at, "'at' must not be null");
    if (amountMinor < 0) {
      throw new IllegalArgumentException("'amountMinor' must not be negative");
    }
  }
}

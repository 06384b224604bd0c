package io.agnosticbilling.domain.event;

import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Value object: the parts of a provider invoice the domain records. */
public record InvoiceInfo(
    String invoiceId,
    String customerId,
    Optional<String> subscriptionId,
    Optional<OrganizationId> organizationId,
    long amountMinor,
    String currency,
    int attemptCount,
    Optional<Instant> nextAttemptAt,
    Optional<Instant> periodStart,
    Optional<Instant> periodEnd) {
  public InvoiceInfo {
    Objects.requireNonNull(invoiceId, "'invoiceId' must not be null");
    Objects.requireNonNull(customerId, "'customerId' must not be null");
    Objects.requireNonNull(subscriptionId, "'subscriptionId' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(currency, "'currency' must not be null");
    Objects.requireNonNull(nextAttemptAt, "'nextAttemptAt' must not be null");
    Objects.requireNonNull(periodStart, "'periodStart' must not be null");
    Objects.requireNonNull(periodEnd, "'periodEnd' must not be null");
  }
}

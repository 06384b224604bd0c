package io.agnosticbilling.domain.invoice;

import io.agnosticbilling.domain.plan.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: one invoice of an organization as the payment provider lists it.
 *
 * @param number the provider's human invoice number; empty while a draft has none
 * @param status the provider's status word ({@code draft}, {@code open}, {@code paid}, {@code
 *     void}, {@code uncollectible})
 * @param amount the total due
 * @param hostedInvoiceUrl the provider's page to view and pay it, when it has one
 * @param pdfUrl its PDF, when it has one
 */
public record InvoiceSummary(
    String id,
    Optional<String> number,
    String status,
    Money amount,
    Instant created,
    Instant periodStart,
    Instant periodEnd,
    Optional<String> hostedInvoiceUrl,
    Optional<String> pdfUrl) {

  public InvoiceSummary {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'id' must not be blank");
    }
    Objects.requireNonNull(number, "'number' must not be null");
    if (status == null || status.isBlank()) {
      throw new IllegalArgumentException("'status' must not be blank");
    }
    Objects.requireNonNull(amount, "'amount' must not be null");
    Objects.requireNonNull(created, "'created' must not be null");
    Objects.requireNonNull(periodStart, "'periodStart' must not be null");
    Objects.requireNonNull(periodEnd, "'periodEnd' must not be null");
    Objects.requireNonNull(hostedInvoiceUrl, "'hostedInvoiceUrl' must not be null");
    Objects.requireNonNull(pdfUrl, "'pdfUrl' must not be null");
  }
}

package io.agnosticbilling.domain.error;

/** Failure: no payment provider is configured, so payment operations are off. */
public final class PaymentsNotConfiguredException extends BillingException {
  public PaymentsNotConfiguredException() {
    super(
        "payments_not_configured",
        "Payments are not configured on this server: set STRIPE_SECRET_KEY to enable them.");
  }
}

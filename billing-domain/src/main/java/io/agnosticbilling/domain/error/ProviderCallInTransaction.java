package io.agnosticbilling.domain.error;

/**
 * Signal, not a failure: the payment provider was called inside a transaction whose work must not
 * wait on the network ({@code Transactions.mayWaitOnNetwork()} is false). Thrown before the call
 * reaches the network, so the transaction can be rolled back whole and the work done again outside
 * it. Deliberately not a {@link BillingException}: it never leaves the {@code Billing} facade, and
 * no catch-all on the way may turn it into an error (the webhook service rethrows it as it is).
 */
public final class ProviderCallInTransaction extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProviderCallInTransaction(String call) {
    // No stack trace: it is control flow, caught by the facade.
    super(
        "payment provider call '" + call + "' inside a transaction that must not wait",
        null,
        false,
        false);
  }
}

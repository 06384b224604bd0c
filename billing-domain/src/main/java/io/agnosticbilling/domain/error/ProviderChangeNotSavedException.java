package io.agnosticbilling.domain.error;

/**
 * Failure: the payment provider made a change (plan, cancellation, resumption) but saving it here
 * failed; the provider's next event or a reconciliation brings the stored state in line.
 */
public final class ProviderChangeNotSavedException extends BillingException {
  public ProviderChangeNotSavedException(String what, Throwable cause) {
    super(
        "provider_change_not_saved",
        "The "
            + what
            + " was made at the payment provider but could not be saved here yet; it will show"
            + " once the provider's next event arrives. Do not repeat it.",
        cause);
  }
}

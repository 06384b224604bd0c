package io.agnosticbilling.domain.error;

/** Refusal: unknown email or wrong password; one message for both so emails cannot be probed. */
public final class AuthenticationFailedException extends BillingException {
  public AuthenticationFailedException() {
    super("invalid_credentials", "Invalid email or password.");
  }
}

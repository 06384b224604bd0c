package io.agnosticbilling.domain.error;

/** Refusal: the thing asked for does not exist for the caller's organization. */
public final class NotFoundException extends BillingException {
  public NotFoundException(String code, String message) {
    super(code, message);
  }
}

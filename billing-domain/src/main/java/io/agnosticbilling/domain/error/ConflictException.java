package io.agnosticbilling.domain.error;

/**
 * Refusal: the request is valid but the current state forbids it (already subscribed, no live
 * subscription, email taken, event still processing).
 */
public final class ConflictException extends BillingException {
  public ConflictException(String code, String message) {
    super(code, message);
  }
}

package io.agnosticbilling.domain.error;

import io.agnosticbilling.domain.usage.LimitExceeded;

/** Refusal: a limit of the effective plan stands in the way; carries the figures. */
public final class LimitExceededException extends BillingException {
  private final LimitExceeded refusal;

  public LimitExceededException(LimitExceeded refusal) {
    super("limit_exceeded", refusal.message());
    this.refusal = refusal;
  }

  public LimitExceeded refusal() {
    return refusal;
  }
}

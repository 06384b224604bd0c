package io.agnosticbilling.domain.error;

import java.time.Duration;
import java.util.Objects;

/**
 * Refusal: the organization created too many Checkout sessions within the window; carries how long
 * it must wait (whole seconds, at least one).
 */
public final class TooManyCheckoutsException extends BillingException {
  private final long retryAfterSeconds;

  public TooManyCheckoutsException(Duration wait) {
    this(seconds(wait));
  }

  private TooManyCheckoutsException(long retryAfterSeconds) {
    super(
        "too_many_checkouts",
        "Too many Checkout sessions for this organization. Try again in "
            + retryAfterSeconds
            + " seconds.");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  private static long seconds(Duration wait) {
    Objects.requireNonNull(wait, "'wait' must not be null");
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }
}

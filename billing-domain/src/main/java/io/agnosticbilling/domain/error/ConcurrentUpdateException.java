package io.agnosticbilling.domain.error;

/** Failure: a compare-and-set save found a newer version; the caller reloads and retries. */
public final class ConcurrentUpdateException extends BillingException {
  public ConcurrentUpdateException(String message) {
    super("concurrent_update", message);
  }
}

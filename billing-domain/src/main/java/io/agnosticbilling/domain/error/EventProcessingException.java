package io.agnosticbilling.domain.error;

/**
 * Failure: a billing event could not be applied; it is logged as {@code error} and the webhook is
 * answered 5xx so the provider retries.
 */
public final class EventProcessingException extends BillingException {
  public EventProcessingException(String message, Throwable cause) {
    super("event_processing_failed", message, cause);
  }

  public EventProcessingException(String message) {
    super("event_processing_failed", message);
  }
}

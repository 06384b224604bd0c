package io.agnosticbilling.domain.error;

/** Failure: a stored document could not be read back; the message names where it lives. */
public final class StoredDataException extends BillingException {
  public StoredDataException(String message) {
    super("stored_data_invalid", message);
  }

  public StoredDataException(String message, Throwable cause) {
    super("stored_data_invalid", message, cause);
  }
}

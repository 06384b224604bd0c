package io.agnosticbilling.domain.error;

/** Refusal: a command carried a value the domain does not accept; nothing was changed. */
public final class InvalidInputException extends BillingException {
  private final String field;

  public InvalidInputException(String field, String message) {
    super("invalid_input", message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

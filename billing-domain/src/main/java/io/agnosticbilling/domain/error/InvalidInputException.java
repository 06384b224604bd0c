package io.agnosticbilling.domain.error;

/** Refusal: a command carried a value the domain does not accept; nothing was changed. */
public final class InvalidInputException extends BillingException {
  private final String field;

  public InvalidInputException(String field, String message) {
    super("invalid_input", message);
    this.field = field;
  }

  /** A refusal with a more precise code than {@code invalid_input} ({@code interval_not_sold}). */
  public InvalidInputException(String code, String field, String message) {
    super(code, message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

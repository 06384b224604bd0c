package io.agnosticbilling.domain.error;

/**
 * Base of every refusal and failure the domain reports; {@link #code()} is a stable machine name
 * that the HTTP adapter puts in problem+json.
 */
public abstract class BillingException extends RuntimeException {
  private final String code;

  protected BillingException(String code, String message) {
    super(message);
    this.code = code;
  }

  protected BillingException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}

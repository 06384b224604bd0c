package io.agnosticbilling.domain.error;

/** Failure reported by the payment provider, classified so callers can react without parsing. */
public final class PaymentProviderException extends BillingException {
  /** What went wrong at the provider. */
  public enum Kind {
    CARD_DECLINED("card_declined"),
    INVALID_REQUEST("provider_invalid_request"),
    AUTHENTICATION("provider_authentication"),
    RATE_LIMITED("provider_rate_limited"),
    UNREACHABLE("provider_unreachable"),
    UNKNOWN("provider_error");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public PaymentProviderException(Kind kind, String message) {
    super(kind.code(), message);
    this.kind = kind;
  }

  public PaymentProviderException(Kind kind, String message, Throwable cause) {
    super(kind.code(), message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}

package io.agnosticbilling.domain.error;

import java.util.Objects;

/**
 * Refusal: a provider's webhook delivery that is not trusted or not understood, refused before any
 * effect (answered 400 with {@link #code()}, so the provider's dashboard shows why).
 */
public final class WebhookRefused extends BillingException {

  /** Why a delivery was refused; the codes are the ones {@code docs/api.md} lists for 400. */
  public enum Reason {
    /** No signing secret is configured, so nothing can be trusted. */
    NOT_CONFIGURED("not_configured"),
    MISSING_SIGNATURE("missing_signature"),
    /** The signature header is malformed, or no signature in it matches the body. */
    INVALID_SIGNATURE("invalid_signature"),
    /** The signed timestamp is too old or in the future. */
    TIMESTAMP_OUT_OF_TOLERANCE("timestamp_out_of_tolerance"),
    /**
     * The body is not an event envelope (id, type, time) this adapter can read. An envelope whose
     * object cannot be read is not refused: it fails in the webhook log (any API version).
     */
    MALFORMED_PAYLOAD("malformed_payload");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;

  /**
   * @param message a sentence for people; must not contain the secret or the expected signature
   */
  public WebhookRefused(Reason reason, String message) {
    super(Objects.requireNonNull(reason, "'reason' must not be null").code(), message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

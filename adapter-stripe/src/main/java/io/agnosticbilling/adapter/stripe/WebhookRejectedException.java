package io.agnosticbilling.adapter.stripe;

import io.agnosticbilling.domain.error.BillingException;

/**
 * Refusal of an incoming webhook before any effect: the HTTP adapter answers 400 with {@link
 * #getMessage()}. Extends {@link BillingException} so an adapter that only knows the domain can
 * still map it by {@link #code()} (every code starts with {@code webhook_}).
 */
public final class WebhookRejectedException extends BillingException {

  /** Why the webhook was refused; each reason has its own stable code. */
  public enum Reason {
    SECRET_NOT_CONFIGURED("webhook_secret_not_configured"),
    MISSING_SIGNATURE("webhook_signature_missing"),
    MALFORMED_SIGNATURE("webhook_signature_malformed"),
    SIGNATURE_MISMATCH("webhook_signature_mismatch"),
    TIMESTAMP_TOO_OLD("webhook_timestamp_too_old"),
    TIMESTAMP_IN_FUTURE("webhook_timestamp_in_future"),
    MALFORMED_PAYLOAD("webhook_payload_malformed"),
    API_VERSION_MISMATCH("webhook_api_version_mismatch");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Reason reason;

  WebhookRejectedException(Reason reason, String message) {
    super(reason.code(), message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

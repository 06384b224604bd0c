package io.agnosticbilling.app;

import io.agnosticbilling.adapter.http.WebhookRejected;
import io.agnosticbilling.adapter.http.WebhookVerifier;
import io.agnosticbilling.adapter.stripe.StripeWebhookVerifier;
import io.agnosticbilling.adapter.stripe.WebhookRejectedException;
import io.agnosticbilling.domain.event.BillingEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter between adapters: the HTTP adapter's {@link WebhookVerifier} backed by Stripe's signature
 * check; Stripe's refusal reasons become the HTTP adapter's problem codes. It lives in bootstrap
 * because only bootstrap may see both adapters.
 */
public final class StripeWebhookVerifierAdapter implements WebhookVerifier {
  private final StripeWebhookVerifier stripe;

  public StripeWebhookVerifierAdapter(StripeWebhookVerifier stripe) {
    this.stripe = Objects.requireNonNull(stripe, "'stripe' must not be null");
  }

  @Override
  public BillingEvent verify(String rawBody, Optional<String> signatureHeader)
      throws WebhookRejected {
    try {
      return stripe.verify(rawBody, signatureHeader.orElse(null));
    } catch (WebhookRejectedException e) {
      throw new WebhookRejected(reason(e.reason()), e.getMessage());
    }
  }

  @Override
  public boolean secretConfigured() {
    return stripe.configured();
  }

  /** The problem code of each refusal (see docs/api.md); both clock directions share one. */
  static String reason(WebhookRejectedException.Reason reason) {
    return switch (reason) {
      case SECRET_NOT_CONFIGURED -> "not_configured";
      case MISSING_SIGNATURE -> "missing_signature";
      case MALFORMED_SIGNATURE, SIGNATURE_MISMATCH -> "invalid_signature";
      case TIMESTAMP_TOO_OLD, TIMESTAMP_IN_FUTURE -> "timestamp_out_of_tolerance";
      case MALFORMED_PAYLOAD -> "malformed_payload";
      case API_VERSION_MISMATCH -> "api_version_mismatch";
    };
  }
}

package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.event.BillingEvent;
import java.util.Optional;

/**
 * Inbound collaborator: checks a provider webhook's signature on the raw body and translates it
 * into a domain event. Implemented by the payment adapter (Stripe) and injected at wiring time, so
 * this module never depends on another adapter.
 */
public interface WebhookVerifier {

  /**
   * @param rawBody the body exactly as received (the signature covers these bytes)
   * @param signatureHeader the {@code Stripe-Signature} header, when sent
   * @throws WebhookRejected when the signature is missing or wrong, the timestamp is outside the
   *     tolerance, the payload is malformed, or no webhook secret is configured
   */
  BillingEvent verify(String rawBody, Optional<String> signatureHeader) throws WebhookRejected;

  /** Whether a webhook signing secret is configured (shown by {@code GET /api/webhooks/test}). */
  boolean secretConfigured();

  /** A verifier for deployments without a webhook secret: every delivery is refused with 400. */
  static WebhookVerifier notConfigured() {
    return new WebhookVerifier() {
      @Override
      public BillingEvent verify(String rawBody, Optional<String> signatureHeader)
          throws WebhookRejected {
        throw new WebhookRejected(
            "not_configured",
            "Webhooks are not configured on this server: set STRIPE_WEBHOOK_SECRET.");
      }

      @Override
      public boolean secretConfigured() {
        return false;
      }
    };
  }
}

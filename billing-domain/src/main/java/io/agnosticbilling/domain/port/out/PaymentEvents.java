package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.error.WebhookRefused.Reason;
import io.agnosticbilling.domain.event.BillingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Outbound port: the payment provider's events. Verifies a signed webhook delivery and translates
 * it into a {@link BillingEvent} ({@link BillingEvent.Unhandled} for a type the domain ignores), or
 * refuses it with a {@link WebhookRefused}; also reads a logged payload again for replay.
 */
public interface PaymentEvents {

  /**
   * Verifies one delivery's signature on the raw body, then translates it.
   *
   * @param payload the body exactly as received (the signature covers these bytes)
   * @param signature the provider's signature header, when sent
   * @throws WebhookRefused when the delivery must not be applied
   */
  BillingEvent verify(String payload, Optional<String> signature);

  /**
   * {@link #verify(String, Optional)} of the body's bytes as received, for callers that hold them:
   * an implementation may check the signature and read the event on the bytes without decoding and
   * re-encoding them. By default the bytes are decoded as UTF-8.
   *
   * @param payload the body exactly as received (the signature covers these bytes)
   * @param signature the provider's signature header, when sent
   * @throws WebhookRefused when the delivery must not be applied
   */
  default BillingEvent verify(byte[] payload, Optional<String> signature) {
    return verify(payload == null ? null : new String(payload, StandardCharsets.UTF_8), signature);
  }

  /**
   * Translates a payload that was verified when it arrived and kept in the {@link WebhookLog}.
   *
   * @throws WebhookRefused with {@link Reason#MALFORMED_PAYLOAD} when it is not a readable event
   */
  BillingEvent read(String storedPayload);

  /** Whether a signing secret is configured (without one every delivery is refused). */
  boolean signingSecretConfigured();

  /** The events of a deployment without a webhook secret: every delivery and replay is refused. */
  static PaymentEvents notConfigured() {
    return new PaymentEvents() {
      @Override
      public BillingEvent verify(String payload, Optional<String> signature) {
        throw refusal();
      }

      @Override
      public BillingEvent read(String storedPayload) {
        throw refusal();
      }

      @Override
      public boolean signingSecretConfigured() {
        return false;
      }

      private WebhookRefused refusal() {
        return new WebhookRefused(
            Reason.NOT_CONFIGURED,
            "Webhooks are not configured on this server: set STRIPE_WEBHOOK_SECRET.");
      }
    };
  }
}

package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.event.BillingEvent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the Stripe adapter's verifier: a body is trusted only with the signature {@link
 * #VALID}, and translates to the event a test registered for that exact body.
 */
final class FakeWebhookVerifier implements WebhookVerifier {
  static final String VALID = "t=1,v1=valid";

  private final Map<String, BillingEvent> events = new ConcurrentHashMap<>();

  FakeWebhookVerifier register(String rawBody, BillingEvent event) {
    events.put(rawBody, event);
    return this;
  }

  @Override
  public BillingEvent verify(String rawBody, Optional<String> signatureHeader)
      throws WebhookRejected {
    if (signatureHeader.isEmpty()) {
      throw new WebhookRejected("missing_signature", "No Stripe-Signature header.");
    }
    if (!VALID.equals(signatureHeader.get())) {
      throw new WebhookRejected("invalid_signature", "The signature does not match the body.");
    }
    BillingEvent event = events.get(rawBody);
    if (event == null) {
      throw new WebhookRejected("malformed_payload", "The body is not a Stripe event.");
    }
    return event;
  }

  /** Replay's parser: the event registered for a stored payload. */
  BillingEvent parse(String payload) {
    BillingEvent event = events.get(payload);
    if (event == null) {
      throw new IllegalArgumentException("not an event this test registered");
    }
    return event;
  }

  @Override
  public boolean secretConfigured() {
    return true;
  }
}

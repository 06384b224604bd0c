package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.error.WebhookRefused.Reason;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: payment events for tests. A payload is known once handed out by {@link #payloadOf} or
 * registered by {@link #register}; a delivery is trusted only with the signature {@link #VALID}.
 */
public final class FakePaymentEvents implements PaymentEvents {
  /** The one signature this fake accepts. */
  public static final String VALID = "t=1,v1=valid";

  private final ConcurrentHashMap<String, BillingEvent> byPayload = new ConcurrentHashMap<>();

  /** A JSON payload standing for {@code event}; reading it returns {@code event}. */
  public String payloadOf(BillingEvent event) {
    Objects.requireNonNull(event, "'event' must not be null");
    String payload =
        "{\"id\":\"" + event.header().id() + "\",\"type\":\"" + event.header().type() + "\"}";
    byPayload.put(payload, event);
    return payload;
  }

  /** Makes {@code rawBody} translate to {@code event}. */
  public FakePaymentEvents register(String rawBody, BillingEvent event) {
    byPayload.put(
        Objects.requireNonNull(rawBody, "'rawBody' must not be null"),
        Objects.requireNonNull(event, "'event' must not be null"));
    return this;
  }

  @Override
  public BillingEvent verify(String payload, Optional<String> signature) {
    if (signature.isEmpty()) {
      throw new WebhookRefused(Reason.MISSING_SIGNATURE, "No Stripe-Signature header.");
    }
    if (!VALID.equals(signature.get())) {
      throw new WebhookRefused(Reason.INVALID_SIGNATURE, "The signature does not match the body.");
    }
    return read(payload);
  }

  @Override
  public BillingEvent read(String storedPayload) {
    BillingEvent event = storedPayload == null ? null : byPayload.get(storedPayload);
    if (event == null) {
      throw new WebhookRefused(
          Reason.MALFORMED_PAYLOAD, "not an event payload this fake handed out");
    }
    return event;
  }

  @Override
  public boolean signingSecretConfigured() {
    return true;
  }
}

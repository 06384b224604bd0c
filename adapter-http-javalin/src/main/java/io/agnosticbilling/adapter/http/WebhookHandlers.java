package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.HandleBillingEvent;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import java.util.function.BooleanSupplier;

/**
 * Handlers of {@code /api/webhooks}: the provider's delivery (raw body, verified and translated by
 * the {@link PaymentEvents} port, then handled by the domain) and a reachability probe.
 */
final class WebhookHandlers {
  private final PaymentEvents paymentEvents;
  private final HandleBillingEvent handleBillingEvent;
  private final BooleanSupplier paymentsConfigured;
  private final SafeListener listener;

  WebhookHandlers(
      PaymentEvents paymentEvents,
      HandleBillingEvent handleBillingEvent,
      BooleanSupplier paymentsConfigured,
      SafeListener listener) {
    this.paymentEvents = paymentEvents;
    this.handleBillingEvent = handleBillingEvent;
    this.paymentsConfigured = paymentsConfigured;
    this.listener = listener;
  }

  record ReceivedJson(boolean received, boolean duplicate) {}

  record ProbeJson(
      String status, String message, boolean stripeConfigured, boolean webhookSecretConfigured) {}

  ApiResponse receive(ApiCall call) {
    String rawBody;
    try {
      rawBody = call.rawBody();
    } catch (ApiException tooLargeOrUnreadable) {
      listener.webhookRejected(tooLargeOrUnreadable.problem().code());
      throw tooLargeOrUnreadable;
    }
    BillingEvent event;
    try {
      event = paymentEvents.verify(rawBody, call.header("Stripe-Signature"));
    } catch (WebhookRefused refused) {
      listener.webhookRejected(refused.code());
      throw refused;
    }
    String type = event.header().type();
    EventOutcome outcome;
    try {
      outcome = handleBillingEvent.handle(event, rawBody);
    } catch (BillingException failed) {
      listener.webhookFailed(type, failed.code());
      throw failed;
    }
    listener.webhookHandled(type, outcome);
    return ApiResponse.ok(new ReceivedJson(true, outcome.duplicate()));
  }

  ApiResponse probe(ApiCall call) {
    return ApiResponse.ok(
        new ProbeJson(
            "ok",
            "Webhook endpoint is accessible",
            paymentsConfigured.getAsBoolean(),
            paymentEvents.signingSecretConfigured()));
  }
}

package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.HandleBillingEvent;
import java.util.function.BooleanSupplier;

/**
 * Handlers of {@code /api/webhooks}: the provider's delivery (raw body, signature checked by the
 * injected verifier) and a reachability probe for operators.
 */
final class WebhookHandlers {
  private final WebhookVerifier verifier;
  private final HandleBillingEvent handleBillingEvent;
  private final BooleanSupplier paymentsConfigured;
  private final SafeListener listener;

  WebhookHandlers(
      WebhookVerifier verifier,
      HandleBillingEvent handleBillingEvent,
      BooleanSupplier paymentsConfigured,
      SafeListener listener) {
    this.verifier = verifier;
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
      event = verifier.verify(rawBody, call.header("Stripe-Signature"));
    } catch (WebhookRejected rejected) {
      listener.webhookRejected(rejected.reason());
      throw new ApiException(400, rejected.reason(), rejected.getMessage());
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
            verifier.secretConfigured()));
  }
}

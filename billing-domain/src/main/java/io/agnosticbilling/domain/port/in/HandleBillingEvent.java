package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.event.BillingEvent;

/**
 * Use case: apply a provider event exactly once and independently of delivery order. Throws {@code
 * EventProcessingException} (answer 5xx) when it failed and {@code ConflictException} with code
 * {@code event_in_progress} while another instance holds it.
 */
public interface HandleBillingEvent {

  EventOutcome handle(BillingEvent event, String rawPayload);
}

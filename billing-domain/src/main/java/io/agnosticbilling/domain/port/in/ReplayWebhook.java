package io.agnosticbilling.domain.port.in;

/** Use case: process a logged event again (only events in {@code error}). */
public interface ReplayWebhook {

  EventOutcome replay(String eventId);
}

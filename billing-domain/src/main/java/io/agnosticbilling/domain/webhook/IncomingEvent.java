package io.agnosticbilling.domain.webhook;

import io.agnosticbilling.domain.event.EventHeader;
import java.util.Objects;

/** Value object: an event as it is claimed in the log: its header and the raw payload. */
public record IncomingEvent(EventHeader header, String payload) {
  public IncomingEvent {
    Objects.requireNonNull(header, "'header' must not be null");
    Objects.requireNonNull(payload, "'payload' must not be null");
  }
}

package io.agnosticbilling.domain.webhook;

import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: an event as it is claimed in the log: its header and the raw payload, and the
 * organization its object names (subscription metadata, a Checkout session's reference), when it
 * names one.
 *
 * <p>{@code organization} is a hint, not a fact the log keeps: handling the event looks that
 * organization up first (see the owner resolution), so a store may read it in the same round trip
 * as the claim, for the handling's transaction to use. The log stores nothing of it.
 */
public record IncomingEvent(
    EventHeader header, String payload, Optional<OrganizationId> organization) {
  public IncomingEvent {
    Objects.requireNonNull(header, "'header' must not be null");
    Objects.requireNonNull(payload, "'payload' must not be null");
    Objects.requireNonNull(organization, "'organization' must not be null");
  }

  /** An event whose organization is not known before it is handled. */
  public IncomingEvent(EventHeader header, String payload) {
    this(header, payload, Optional.empty());
  }
}

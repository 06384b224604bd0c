package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.event.BillingEvent;

/**
 * Outbound port: turns a stored raw provider event back into a {@link BillingEvent}, for replay.
 * Signature checks belong to the webhook entry point, not here.
 */
public interface BillingEventParser {

  /**
   * @throws IllegalArgumentException when the payload is not an event this parser understands
   */
  BillingEvent parse(String payload);
}

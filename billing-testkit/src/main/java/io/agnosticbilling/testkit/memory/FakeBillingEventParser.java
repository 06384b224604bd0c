package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.port.out.BillingEventParser;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: a parser for replay tests. {@link #payloadOf} hands out a payload for an event, to be
 * claimed in the webhook log; {@link #parse} turns that payload back into the same event.
 */
public final class FakeBillingEventParser implements BillingEventParser {
  private final ConcurrentHashMap<String, BillingEvent> byPayload = new ConcurrentHashMap<>();

  /** A JSON payload standing for {@code event}; parsing it returns {@code event}. */
  public String payloadOf(BillingEvent event) {
    Objects.requireNonNull(event, "'event' must not be null");
    String payload =
        "{\"id\":\"" + event.header().id() + "\",\"type\":\"" + event.header().type() + "\"}";
    byPayload.put(payload, event);
    return payload;
  }

  @Override
  public BillingEvent parse(String payload) {
    BillingEvent event = payload == null ? null : byPayload.get(payload);
    if (event == null) {
      throw new IllegalArgumentException("not an event payload this parser handed out");
    }
    return event;
  }
}

package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.event.EventHeader;
import java.time.Instant;

/** Test-data builder: test-mode event {@code evt_1} of type subscription updated at T0. */
public final class EventHeaderBuilder {
  private String id = "evt_1";
  private String type = "customer.subscription.updated";
  private Instant created = Builders.T0;
  private boolean livemode;

  EventHeaderBuilder() {}

  public EventHeaderBuilder id(String id) {
    this.id = id;
    return this;
  }

  public EventHeaderBuilder type(String type) {
    this.type = type;
    return this;
  }

  public EventHeaderBuilder created(Instant created) {
    this.created = created;
    return this;
  }

  public EventHeaderBuilder livemode(boolean livemode) {
    this.livemode = livemode;
    return this;
  }

  public EventHeader build() {
    return new EventHeader(id, type, created, livemode);
  }
}

package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.time.Instant;
import java.util.Locale;

/**
 * Test-data builder: a {@code customer.subscription.*} event carrying the default snapshot; the
 * header type follows the change.
 */
public final class SubscriptionEventBuilder {
  private final Change change;
  private final EventHeaderBuilder header = new EventHeaderBuilder();
  private SubscriptionSnapshot subscription = new SubscriptionSnapshotBuilder().build();

  SubscriptionEventBuilder(Change change) {
    this.change = change;
    header.type("customer.subscription." + change.name().toLowerCase(Locale.ROOT));
  }

  public SubscriptionEventBuilder eventId(String id) {
    header.id(id);
    return this;
  }

  public SubscriptionEventBuilder created(Instant created) {
    header.created(created);
    return this;
  }

  public SubscriptionEventBuilder livemode(boolean livemode) {
    header.livemode(livemode);
    return this;
  }

  public SubscriptionEventBuilder subscription(SubscriptionSnapshot subscription) {
    this.subscription = subscription;
    return this;
  }

  public SubscriptionEventBuilder subscription(SubscriptionSnapshotBuilder subscription) {
    return subscription(subscription.build());
  }

  public EventHeader header() {
    return header.build();
  }

  public SubscriptionChanged build() {
    return new SubscriptionChanged(header.build(), change, subscription);
  }
}

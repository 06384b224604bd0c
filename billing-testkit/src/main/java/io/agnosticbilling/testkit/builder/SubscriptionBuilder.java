package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Test-data builder: a subscription as stored inside an organization; the snapshot defaults on the
 * {@code team} plan, last applied from an event created at {@link Builders#T0}.
 */
public final class SubscriptionBuilder {
  private final SubscriptionSnapshotBuilder snapshot = new SubscriptionSnapshotBuilder();
  private PlanId plan = PlanId.TEAM;
  private long lastEventCreated = Builders.T0.getEpochSecond();
  private Optional<Instant> pastDueSince = Optional.empty();

  SubscriptionBuilder() {}

  public SubscriptionBuilder id(String id) {
    snapshot.id(id);
    return this;
  }

  public SubscriptionBuilder customer(String customerId) {
    snapshot.customer(customerId);
    return this;
  }

  /** The provider schedule attached (a change at the end of the period); none by default. */
  public SubscriptionBuilder schedule(SubscriptionSchedule schedule) {
    snapshot.schedule(schedule);
    return this;
  }

  public SubscriptionBuilder status(SubscriptionStatus status) {
    snapshot.status(status);
    return this;
  }

  /** The plan and its price id ({@code price_<plan>}). */
  public SubscriptionBuilder plan(PlanId plan) {
    this.plan = plan;
    snapshot.price("price_" + plan.value());
    return this;
  }

  public SubscriptionBuilder period(Instant start, Instant end) {
    snapshot.period(start, end);
    return this;
  }

  public SubscriptionBuilder cancelAtPeriodEnd(boolean cancel) {
    snapshot.cancelAtPeriodEnd(cancel);
    return this;
  }

  public SubscriptionBuilder canceledAt(Instant at) {
    snapshot.canceledAt(at);
    return this;
  }

  public SubscriptionBuilder trialEnd(Instant at) {
    snapshot.trialEnd(at);
    return this;
  }

  public SubscriptionBuilder startedAt(Instant at) {
    snapshot.startedAt(at);
    return this;
  }

  public SubscriptionBuilder lastEventCreated(long epochSecond) {
    this.lastEventCreated = epochSecond;
    return this;
  }

  /** When it entered past_due in this period (unset: its grace counts from the period start). */
  public SubscriptionBuilder pastDueSince(Instant at) {
    this.pastDueSince = Optional.of(at);
    return this;
  }

  public Subscription build() {
    return Subscription.from(snapshot.build(), plan, lastEventCreated)
        .withPastDueSince(pastDueSince);
  }
}

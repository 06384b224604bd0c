package io.agnosticbilling.domain.subscription;

import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Entity inside an organization: the last applied state of one provider subscription, with the time
 * (epoch seconds) of the snapshot it came from so older snapshots can be recognised.
 */
public record Subscription(
    String id,
    String customerId,
    SubscriptionStatus status,
    PlanId plan,
    String priceId,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    Optional<Instant> canceledAt,
    Optional<Instant> trialEnd,
    Instant startedAt,
    long lastEventCreated) {

  public Subscription {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(customerId, "'customerId' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(plan, "'plan' must not be null");
    Objects.requireNonNull(priceId, "'priceId' must not be null");
    Objects.requireNonNull(currentPeriodStart, "'currentPeriodStart' must not be null");
    Objects.requireNonNull(currentPeriodEnd, "'currentPeriodEnd' must not be null");
    Objects.requireNonNull(canceledAt, "'canceledAt' must not be null");
    Objects.requireNonNull(trialEnd, "'trialEnd' must not be null");
    Objects.requireNonNull(startedAt, "'startedAt' must not be null");
  }

  /** The state a snapshot describes, resolved to a plan, as observed at {@code observedAt}. */
  public static Subscription from(SubscriptionSnapshot s, PlanId plan, long observedAt) {
    return new Subscription(
        s.subscriptionId(),
        s.customerId(),
        s.status(),
        plan,
        s.priceId(),
        s.currentPeriodStart(),
        s.currentPeriodEnd(),
        s.cancelAtPeriodEnd(),
        s.canceledAt(),
        s.trialEnd(),
        s.startedAt(),
        observedAt);
  }

  /** True when the snapshot says nothing this state does not already say. */
  public boolean sameStateAs(SubscriptionSnapshot s) {
    return status == s.status()
        && priceId.equals(s.priceId())
        && currentPeriodStart.equals(s.currentPeriodStart())
        && currentPeriodEnd.equals(s.currentPeriodEnd())
        && cancelAtPeriodEnd == s.cancelAtPeriodEnd()
        && canceledAt.equals(s.canceledAt())
        && trialEnd.equals(s.trialEnd());
  }

  /** Differences a reconciliation reports: status, plan, period end, cancel at period end. */
  public boolean driftsFrom(SubscriptionSnapshot s) {
    return status != s.status()
        || !priceId.equals(s.priceId())
        || !currentPeriodEnd.equals(s.currentPeriodEnd())
        || cancelAtPeriodEnd != s.cancelAtPeriodEnd();
  }
}

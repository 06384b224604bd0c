package io.agnosticbilling.domain.subscription;

import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Entity inside an organization: the last applied state of one provider subscription, with the time
 * (epoch seconds) of the snapshot it came from so older snapshots can be recognised, and when it
 * entered past_due in its current period ({@code pastDueSince}: the earliest {@code created} of the
 * past_due snapshots seen for this period; empty when none was seen, or for data stored before it
 * was recorded, where the grace counts from the period start), and the provider schedule attached
 * to it ({@code schedule}: a change at the end of the period).
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
    long lastEventCreated,
    Optional<Instant> pastDueSince,
    SubscriptionSchedule schedule) {

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
    Objects.requireNonNull(pastDueSince, "'pastDueSince' must not be null");
    Objects.requireNonNull(schedule, "'schedule' must not be null");
  }

  /** A subscription without a schedule. */
  public Subscription(
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
      long lastEventCreated,
      Optional<Instant> pastDueSince) {
    this(
        id,
        customerId,
        status,
        plan,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        lastEventCreated,
        pastDueSince,
        SubscriptionSchedule.NONE);
  }

  /** A subscription with no past_due entry recorded (its grace counts from the period start). */
  public Subscription(
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
    this(
        id,
        customerId,
        status,
        plan,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        lastEventCreated,
        Optional.empty());
  }

  /** When a past_due grace window starts: entering past_due, or the period start if unknown. */
  public Instant graceStartsAt() {
    return pastDueSince.orElse(currentPeriodStart);
  }

  /**
   * This state, having also seen {@code s} created at {@code createdSecond}: a past_due snapshot of
   * the current period moves the entry to the earlier of the two, whether or not it was applied, so
   * the entry is a minimum that delivery order cannot change. An ended subscription has no grace,
   * so it records none.
   */
  public Subscription sawPastDue(SubscriptionSnapshot s, long createdSecond) {
    if (status.isTerminal()
        || s.status() != SubscriptionStatus.PAST_DUE
        || !s.currentPeriodStart().equals(currentPeriodStart)) {
      return this;
    }
    return withPastDueSince(
        Optional.of(earliest(pastDueSince, Instant.ofEpochSecond(createdSecond))));
  }

  /** This state replacing {@code previous}: the past_due entry is kept while the period is. */
  public Subscription succeeding(Subscription previous) {
    if (status.isTerminal()
        || previous.pastDueSince.isEmpty()
        || !previous.currentPeriodStart.equals(currentPeriodStart)) {
      return this;
    }
    return withPastDueSince(Optional.of(earliest(pastDueSince, previous.pastDueSince.get())));
  }

  private static Instant earliest(Optional<Instant> known, Instant seen) {
    return known.filter(k -> k.isBefore(seen)).orElse(seen);
  }

  /** This state with the given past_due entry (as stored, or set up by a test). */
  public Subscription withPastDueSince(Optional<Instant> since) {
    return new Subscription(
        id,
        customerId,
        status,
        plan,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        lastEventCreated,
        since,
        schedule);
  }

  /** This state with {@code next} as its schedule. */
  public Subscription withSchedule(SubscriptionSchedule next) {
    return new Subscription(
        id,
        customerId,
        status,
        plan,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        lastEventCreated,
        pastDueSince,
        next);
  }

  /**
   * The change scheduled for later that has not happened yet at {@code now}: the schedule's next
   * phase, read, still ahead and to another price. Derived, so a schedule that has run its course
   * (the price already moved, or the date passed before its events arrived) shows nothing.
   */
  public Optional<ScheduledChange> pendingChange(Instant now) {
    return schedule
        .change()
        .filter(c -> c.at().isAfter(now) && !c.priceId().equals(priceId) && !status.isTerminal());
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
        observedAt,
        Optional.empty(),
        s.schedule());
  }

  /** True when the snapshot says nothing this state does not already say. */
  public boolean sameStateAs(SubscriptionSnapshot s) {
    return status == s.status()
        && priceId.equals(s.priceId())
        && currentPeriodStart.equals(s.currentPeriodStart())
        && currentPeriodEnd.equals(s.currentPeriodEnd())
        && cancelAtPeriodEnd == s.cancelAtPeriodEnd()
        && canceledAt.equals(s.canceledAt())
        && trialEnd.equals(s.trialEnd())
        && schedule.covers(s.schedule());
  }

  /** Differences a reconciliation reports: status, plan, period end, cancel at period end. */
  public boolean driftsFrom(SubscriptionSnapshot s) {
    return status != s.status()
        || !priceId.equals(s.priceId())
        || !currentPeriodEnd.equals(s.currentPeriodEnd())
        || cancelAtPeriodEnd != s.cancelAtPeriodEnd()
        || !schedule.covers(s.schedule());
  }
}

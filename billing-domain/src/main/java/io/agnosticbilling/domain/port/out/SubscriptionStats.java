package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Value object: organization and subscription counts computed by the store. Each group counts the
 * organizations whose current subscription (see {@code Organization.currentSubscription}) shares
 * status, plan, cancel flag and the answers to the two clock questions the access policy asks; the
 * domain turns groups into effective plans, so the policy stays in one place.
 *
 * @param totalOrganizations every organization
 * @param groups organizations with a current subscription, grouped
 * @param startedToday subscriptions whose provider start is at or after the day start
 * @param canceledInWindow subscriptions whose cancellation is at or after the churn window start
 * @param paidAtWindowStart subscriptions started before the window start, not canceled before it,
 *     and not in an incomplete status
 */
public record SubscriptionStats(
    long totalOrganizations,
    List<Group> groups,
    long startedToday,
    long canceledInWindow,
    long paidAtWindowStart) {
  public SubscriptionStats {
    groups = List.copyOf(groups);
  }

  /**
   * Organizations sharing the state of their current subscription.
   *
   * @param periodEnded whether {@code currentPeriodEnd <= now}
   * @param withinGrace whether {@code graceStartsAt > graceCutoff} (entering past_due, else the
   *     period start)
   * @param yearly whether the current period is longer than {@link #YEARLY_PERIOD} (billed yearly:
   *     monthly revenue counts a twelfth of its price)
   */
  public record Group(
      SubscriptionStatus status,
      PlanId plan,
      boolean cancelAtPeriodEnd,
      boolean periodEnded,
      boolean withinGrace,
      boolean yearly,
      long count) {
    public Group {
      Objects.requireNonNull(status, "'status' must not be null");
      Objects.requireNonNull(plan, "'plan' must not be null");
    }

    /** A group billed monthly. */
    public Group(
        SubscriptionStatus status,
        PlanId plan,
        boolean cancelAtPeriodEnd,
        boolean periodEnded,
        boolean withinGrace,
        long count) {
      this(status, plan, cancelAtPeriodEnd, periodEnded, withinGrace, false, count);
    }
  }

  /** A period longer than this is a yearly one (months have at most 31 days). */
  public static final Duration YEARLY_PERIOD = Duration.ofDays(180);
}

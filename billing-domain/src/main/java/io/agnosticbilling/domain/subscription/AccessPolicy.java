package io.agnosticbilling.domain.subscription;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configurable table of what each subscription status grants, and the past_due grace window.
 *
 * <p>The grace window is measured from the start of the current period of the past_due
 * subscription: the provider moves a subscription to past_due when the invoice opening that period
 * fails, and a start derived from one snapshot keeps the result independent of delivery order.
 */
public record AccessPolicy(Map<SubscriptionStatus, Access> table, Duration pastDueGrace) {
  public static final Duration DEFAULT_GRACE = Duration.ofDays(7);

  public AccessPolicy {
    Objects.requireNonNull(pastDueGrace, "'pastDueGrace' must not be null");
    if (pastDueGrace.isNegative()) {
      throw new IllegalArgumentException("'pastDueGrace' must not be negative");
    }
    EnumMap<SubscriptionStatus, Access> copy = new EnumMap<>(SubscriptionStatus.class);
    copy.putAll(table);
    for (SubscriptionStatus s : SubscriptionStatus.values()) {
      if (!copy.containsKey(s)) {
        throw new IllegalArgumentException(
            "the access policy does not say what '" + s.wireName() + "' grants");
      }
    }
    if (copy.get(SubscriptionStatus.CANCELED) != Access.FREE
        || copy.get(SubscriptionStatus.INCOMPLETE_EXPIRED) != Access.FREE) {
      throw new IllegalArgumentException("terminal statuses must grant the free plan");
    }
    table = Map.copyOf(copy);
  }

  /** The defaults of the product: trialing/active paid, past_due with grace, the rest free. */
  public static AccessPolicy defaults() {
    return withGrace(DEFAULT_GRACE);
  }

  public static AccessPolicy withGrace(Duration grace) {
    Map<SubscriptionStatus, Access> table = new EnumMap<>(SubscriptionStatus.class);
    table.put(SubscriptionStatus.TRIALING, Access.SUBSCRIBED_PLAN);
    table.put(SubscriptionStatus.ACTIVE, Access.SUBSCRIBED_PLAN);
    table.put(SubscriptionStatus.PAST_DUE, Access.GRACE);
    table.put(SubscriptionStatus.INCOMPLETE, Access.FREE);
    table.put(SubscriptionStatus.INCOMPLETE_EXPIRED, Access.FREE);
    table.put(SubscriptionStatus.UNPAID, Access.FREE);
    table.put(SubscriptionStatus.PAUSED, Access.FREE);
    table.put(SubscriptionStatus.CANCELED, Access.FREE);
    return new AccessPolicy(table, grace);
  }

  public Access accessFor(SubscriptionStatus status) {
    return table.get(status);
  }

  /**
   * The paid plan this subscription grants and until when, or empty when it grants only the free
   * plan whatever the time.
   */
  public Optional<Entitlement> entitlement(Subscription s) {
    return switch (accessFor(s.status())) {
      case FREE -> Optional.empty();
      case SUBSCRIBED_PLAN ->
          Optional.of(
              new Entitlement(
                  s.plan(),
                  s.cancelAtPeriodEnd() ? Optional.of(s.currentPeriodEnd()) : Optional.empty()));
      case GRACE -> Optional.of(new Entitlement(s.plan(), Optional.of(graceEndsAt(s))));
    };
  }

  /**
   * Whether a subscription in this state grants its paid plan, asked with the two clock answers a
   * store can compute in a query ({@code periodEnded}: period end at or before now; {@code
   * withinGrace}: {@link Subscription#graceStartsAt} after now minus the grace). Agrees with {@link
   * #entitlement}.
   */
  public boolean grantsPaidPlan(
      SubscriptionStatus status,
      boolean cancelAtPeriodEnd,
      boolean periodEnded,
      boolean withinGrace) {
    return switch (accessFor(status)) {
      case FREE -> false;
      case SUBSCRIBED_PLAN -> !(cancelAtPeriodEnd && periodEnded);
      case GRACE -> withinGrace;
    };
  }

  /** When the grace window of a past_due subscription ends: counted from entering past_due. */
  public Instant graceEndsAt(Subscription s) {
    return s.graceStartsAt().plus(pastDueGrace);
  }
}

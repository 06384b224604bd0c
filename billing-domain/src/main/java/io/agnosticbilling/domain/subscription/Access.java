package io.agnosticbilling.domain.subscription;

/** What a subscription status grants under the access policy. */
public enum Access {
  /** The subscribed plan (until the period ends when canceling at period end). */
  SUBSCRIBED_PLAN,
  /** The subscribed plan for the grace window, then the free plan. */
  GRACE,
  /** The free plan's limits. */
  FREE
}

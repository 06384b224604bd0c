package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The domain's settings: the catalog (with provider price ids), the access policy, how long a
 * {@code processing} webhook claim is protected, how often a conflicting save is retried, and how
 * many Checkout sessions one organization may create within a window.
 */
public record BillingSettings(
    PlanCatalog catalog,
    AccessPolicy accessPolicy,
    Duration webhookLease,
    int saveAttempts,
    RateLimiter.Limit checkoutLimit) {
  public static final Duration DEFAULT_WEBHOOK_LEASE = Duration.ofSeconds(60);

  /** Each Checkout session is a provider call: a client stuck in a loop stops at 10 an hour. */
  public static final RateLimiter.Limit DEFAULT_CHECKOUT_LIMIT =
      new RateLimiter.Limit(10, Duration.ofHours(1));

  public BillingSettings {
    Objects.requireNonNull(catalog, "'catalog' must not be null");
    Objects.requireNonNull(accessPolicy, "'accessPolicy' must not be null");
    Objects.requireNonNull(webhookLease, "'webhookLease' must not be null");
    if (webhookLease.isNegative() || webhookLease.isZero()) {
      throw new IllegalArgumentException("'webhookLease' must be positive");
    }
    if (saveAttempts < 1) {
      throw new IllegalArgumentException("'saveAttempts' must be at least 1");
    }
    Objects.requireNonNull(checkoutLimit, "'checkoutLimit' must not be null");
  }

  public static BillingSettings defaults() {
    return new BillingSettings(
        PlanCatalog.defaults(),
        AccessPolicy.defaults(),
        DEFAULT_WEBHOOK_LEASE,
        20,
        DEFAULT_CHECKOUT_LIMIT);
  }

  public BillingSettings withCatalog(PlanCatalog newCatalog) {
    return new BillingSettings(newCatalog, accessPolicy, webhookLease, saveAttempts, checkoutLimit);
  }

  public BillingSettings withAccessPolicy(AccessPolicy policy) {
    return new BillingSettings(catalog, policy, webhookLease, saveAttempts, checkoutLimit);
  }

  public BillingSettings withWebhookLease(Duration lease) {
    return new BillingSettings(catalog, accessPolicy, lease, saveAttempts, checkoutLimit);
  }

  public BillingSettings withCheckoutLimit(RateLimiter.Limit limit) {
    return new BillingSettings(catalog, accessPolicy, webhookLease, saveAttempts, limit);
  }
}

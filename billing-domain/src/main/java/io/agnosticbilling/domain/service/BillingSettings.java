package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The domain's settings: the catalog (with provider price ids), the access policy, how long a
 * {@code processing} webhook claim is protected, and how often a conflicting save is retried.
 */
public record BillingSettings(
    PlanCatalog catalog, AccessPolicy accessPolicy, Duration webhookLease, int saveAttempts) {
  public static final Duration DEFAULT_WEBHOOK_LEASE = Duration.ofSeconds(60);

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
  }

  public static BillingSettings defaults() {
    return new BillingSettings(
        PlanCatalog.defaults(), AccessPolicy.defaults(), DEFAULT_WEBHOOK_LEASE, 20);
  }

  public BillingSettings withCatalog(PlanCatalog newCatalog) {
    return new BillingSettings(newCatalog, accessPolicy, webhookLease, saveAttempts);
  }

  public BillingSettings withAccessPolicy(AccessPolicy policy) {
    return new BillingSettings(catalog, policy, webhookLease, saveAttempts);
  }

  public BillingSettings withWebhookLease(Duration lease) {
    return new BillingSettings(catalog, accessPolicy, lease, saveAttempts);
  }
}

package io.agnosticbilling.domain.subscription;

import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: a subscription as the payment provider describes it at one moment (from a webhook,
 * a fetch or a list). The period comes from the subscription item in current API versions.
 *
 * @param productId the provider's product of the price, when it says: a price the catalog no longer
 *     sells is still recognized by its plan's product
 * @param schedule the provider schedule attached to it (a change at the end of the period)
 */
public record SubscriptionSnapshot(
    String subscriptionId,
    String customerId,
    Optional<OrganizationId> organizationId,
    SubscriptionStatus status,
    String priceId,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    boolean cancelAtPeriodEnd,
    Optional<Instant> canceledAt,
    Optional<Instant> trialEnd,
    Instant startedAt,
    Optional<String> productId,
    SubscriptionSchedule schedule) {

  public SubscriptionSnapshot {
    requireText(subscriptionId, "subscriptionId");
    requireText(customerId, "customerId");
    requireText(priceId, "priceId");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(currentPeriodStart, "'currentPeriodStart' must not be null");
    Objects.requireNonNull(currentPeriodEnd, "'currentPeriodEnd' must not be null");
    Objects.requireNonNull(canceledAt, "'canceledAt' must not be null");
    Objects.requireNonNull(trialEnd, "'trialEnd' must not be null");
    Objects.requireNonNull(startedAt, "'startedAt' must not be null");
    Objects.requireNonNull(productId, "'productId' must not be null");
    Objects.requireNonNull(schedule, "'schedule' must not be null");
    if (currentPeriodEnd.isBefore(currentPeriodStart)) {
      throw new IllegalArgumentException(
          "'currentPeriodEnd' must not be before 'currentPeriodStart'");
    }
  }

  /** A snapshot without a schedule. */
  public SubscriptionSnapshot(
      String subscriptionId,
      String customerId,
      Optional<OrganizationId> organizationId,
      SubscriptionStatus status,
      String priceId,
      Instant currentPeriodStart,
      Instant currentPeriodEnd,
      boolean cancelAtPeriodEnd,
      Optional<Instant> canceledAt,
      Optional<Instant> trialEnd,
      Instant startedAt,
      Optional<String> productId) {
    this(
        subscriptionId,
        customerId,
        organizationId,
        status,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        productId,
        SubscriptionSchedule.NONE);
  }

  /** A snapshot that does not name the price's product. */
  public SubscriptionSnapshot(
      String subscriptionId,
      String customerId,
      Optional<OrganizationId> organizationId,
      SubscriptionStatus status,
      String priceId,
      Instant currentPeriodStart,
      Instant currentPeriodEnd,
      boolean cancelAtPeriodEnd,
      Optional<Instant> canceledAt,
      Optional<Instant> trialEnd,
      Instant startedAt) {
    this(
        subscriptionId,
        customerId,
        organizationId,
        status,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        Optional.empty());
  }

  /** The same snapshot, attributed to {@code organization}. */
  public SubscriptionSnapshot withOrganizationId(OrganizationId organization) {
    return new SubscriptionSnapshot(
        subscriptionId,
        customerId,
        Optional.of(organization),
        status,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        productId,
        schedule);
  }

  /** The same snapshot with {@code next} as its schedule. */
  public SubscriptionSnapshot withSchedule(SubscriptionSchedule next) {
    return new SubscriptionSnapshot(
        subscriptionId,
        customerId,
        organizationId,
        status,
        priceId,
        currentPeriodStart,
        currentPeriodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt,
        productId,
        next);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' must not be blank");
    }
  }
}

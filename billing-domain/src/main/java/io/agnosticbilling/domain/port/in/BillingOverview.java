package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.domain.usage.UsagePeriod;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Value object: an organization's billing page.
 *
 * @param plan the effective plan now
 * @param subscribedPlan the plan of the current subscription, if any (may differ from {@code plan}
 *     after grace or when the status grants only Free)
 * @param accessEndsAt when the paid plan ends (cancel at period end, or the end of grace)
 * @param overLimit true when a gauge (members) is above the effective plan's limit after a
 *     downgrade; new members are refused until it is not
 * @param trialEnd when the current subscription's trial ends, while it is trialing
 * @param interval how often the current paid subscription is charged (from its price, else from the
 *     length of its period)
 */
public record BillingOverview(
    OrganizationId organizationId,
    PlanId plan,
    String planName,
    Optional<PlanId> subscribedPlan,
    Optional<SubscriptionStatus> status,
    boolean cancelAtPeriodEnd,
    Optional<Instant> accessEndsAt,
    UsagePeriod currentPeriod,
    Map<Metric, Quota> limits,
    Map<Metric, UsageFigure> usage,
    List<UsageAlert> alerts,
    boolean overLimit,
    List<PlanId> upgradeOptions,
    boolean portalAvailable,
    Optional<Instant> trialEnd,
    Optional<BillingInterval> interval) {

  public BillingOverview {
    // In the catalog's order of metrics (users first), for answers that list them.
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage));
    alerts = List.copyOf(alerts);
    upgradeOptions = List.copyOf(upgradeOptions);
    Objects.requireNonNull(trialEnd, "'trialEnd' must not be null");
    Objects.requireNonNull(interval, "'interval' must not be null");
  }

  /** One metric's figures; {@code percent} is empty when unlimited and may exceed 100 when over. */
  public record UsageFigure(long used, Quota limit, OptionalInt percent) {}
}

package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.BillingOverview.UsageFigure;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: what an organization may use now, for its <b>effective</b> plan (a past_due
 * subscription past its grace, a canceled or unpaid one: Free).
 *
 * @param plan the effective plan
 * @param status the current subscription's status, empty without a subscription
 * @param trialEnd when the trial ends, while the subscription is trialing
 * @param features every feature key of the catalog: true when the effective plan grants it
 * @param limits the effective plan's limit of each metric
 * @param usage each metric's use in the current period (members for the users gauge)
 */
public record OrganizationEntitlements(
    OrganizationId organizationId,
    PlanId plan,
    Optional<SubscriptionStatus> status,
    Optional<Instant> trialEnd,
    Map<String, Boolean> features,
    Map<Metric, Quota> limits,
    Map<Metric, UsageFigure> usage) {

  public OrganizationEntitlements {
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(plan, "'plan' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(trialEnd, "'trialEnd' must not be null");
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage));
  }

  /** Whether the effective plan grants the feature; an unknown key is not granted. */
  public boolean may(String featureKey) {
    return features.getOrDefault(featureKey, false);
  }
}

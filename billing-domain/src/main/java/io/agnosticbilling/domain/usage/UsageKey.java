package io.agnosticbilling.domain.usage;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import java.time.Instant;
import java.util.Objects;

/** Value object: which counter: one per organization, metric and period start. */
public record UsageKey(OrganizationId organizationId, Metric metric, Instant periodStart) {
  public UsageKey {
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(metric, "'metric' must not be null");
    Objects.requireNonNull(periodStart, "'periodStart' must not be null");
  }
}

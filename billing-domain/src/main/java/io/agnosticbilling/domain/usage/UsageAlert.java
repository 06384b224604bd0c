package io.agnosticbilling.domain.usage;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import java.time.Instant;
import java.util.Objects;

/** Value object: usage crossed {@code threshold} percent of the limit, once per period. */
public record UsageAlert(
    OrganizationId organizationId,
    Metric metric,
    Instant periodStart,
    int threshold,
    long used,
    long limit,
    Instant at) {
  public UsageAlert {
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(metric, "'metric' must not be null");
    Objects.requireNonNull(periodStart, "'periodStart' must not be null");
    Objects.requireNonNull(at, "'at' must not be null");
    if (threshold < 1 || threshold > 100) {
      throw new IllegalArgumentException("'threshold' must be between 1 and 100");
    }
  }
}

package io.agnosticbilling.domain.subscription;

import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: the plan a subscription grants and until when ({@code until} empty means for as
 * long as the state lasts). The effective plan at an instant follows from it and the clock.
 */
public record Entitlement(PlanId plan, Optional<Instant> until) {
  public Entitlement {
    Objects.requireNonNull(plan, "'plan' must not be null");
    Objects.requireNonNull(until, "'until' must not be null");
  }

  public boolean grantsAt(Instant now) {
    return until.map(now::isBefore).orElse(true);
  }
}

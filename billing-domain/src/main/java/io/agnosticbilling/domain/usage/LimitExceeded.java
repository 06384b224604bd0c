package io.agnosticbilling.domain.usage;

import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Value object: why usage was refused, with the figures a person needs and a sentence saying them.
 * {@code upgradeLimit} is empty when the next plan is unlimited; {@code measure} is the catalog's
 * definition of the metric (its noun, and whether it is counted per period).
 */
public record LimitExceeded(
    MetricDefinition measure,
    long used,
    long limit,
    long requested,
    PlanId plan,
    String planName,
    Optional<PlanId> upgradeTo,
    Optional<String> upgradeName,
    OptionalLong upgradeLimit,
    Optional<Instant> resetsAt) {
  public LimitExceeded {
    Objects.requireNonNull(measure, "'measure' must not be null");
    Objects.requireNonNull(plan, "'plan' must not be null");
    Objects.requireNonNull(upgradeTo, "'upgradeTo' must not be null");
    Objects.requireNonNull(upgradeName, "'upgradeName' must not be null");
    Objects.requireNonNull(upgradeLimit, "'upgradeLimit' must not be null");
    Objects.requireNonNull(resetsAt, "'resetsAt' must not be null");
  }

  /** The metric refused. */
  public Metric metric() {
    return measure.metric();
  }

  /**
   * "Your organization used 100 of 100 test runs this period on the Free plan. Upgrade to Team for
   * 1,000 test runs per month."
   */
  public String message() {
    StringBuilder sb = new StringBuilder("Your organization ");
    if (measure.metered()) {
      sb.append("used ")
          .append(format(used))
          .append(" of ")
          .append(format(limit))
          .append(' ')
          .append(measure.noun())
          .append(" this period on the ")
          .append(planName)
          .append(" plan.");
    } else {
      sb.append("has ")
          .append(format(used))
          .append(" of ")
          .append(format(limit))
          .append(' ')
          .append(measure.noun())
          .append(" on the ")
          .append(planName)
          .append(" plan.");
    }
    if (upgradeName.isPresent()) {
      sb.append(" Upgrade to ").append(upgradeName.get()).append(" for ");
      if (upgradeLimit.isPresent()) {
        sb.append(format(upgradeLimit.getAsLong())).append(' ').append(measure.noun());
      } else {
        sb.append("unlimited ").append(measure.noun());
      }
      sb.append(measure.metered() ? " per month." : ".");
    }
    return sb.toString();
  }

  private static String format(long n) {
    return String.format(Locale.US, "%,d", n);
  }
}

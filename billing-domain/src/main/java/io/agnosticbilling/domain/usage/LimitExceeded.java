package io.agnosticbilling.domain.usage;

import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Value object: why usage was refused, with the figures a person needs and a sentence saying them.
 * {@code upgradeLimit} is empty when the next plan is unlimited.
 */
public record LimitExceeded(
    Metric metric,
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
    Objects.requireNonNull(metric, "'metric' must not be null");
    Objects.requireNonNull(plan, "'plan' must not be null");
    Objects.requireNonNull(upgradeTo, "'upgradeTo' must not be null");
    Objects.requireNonNull(upgradeName, "'upgradeName' must not be null");
    Objects.requireNonNull(upgradeLimit, "'upgradeLimit' must not be null");
    Objects.requireNonNull(resetsAt, "'resetsAt' must not be null");
  }

  /**
   * "Your organization used 100 of 100 test runs this period on the Free plan. Upgrade to Team for
   * 1,000 test runs per month."
   */
  public String message() {
    StringBuilder sb = new StringBuilder("Your organization ");
    if (metric.metered()) {
      sb.append("used ")
          .append(format(used))
          .append(" of ")
          .append(format(limit))
          .append(' ')
          .append(metric.noun())
          .append(" this period on the ")
          .append(planName)
          .append(" plan.");
    } else {
      sb.append("has ")
          .append(format(used))
          .append(" of ")
          .append(format(limit))
          .append(' ')
          .append(metric.noun())
          .append(" on the ")
          .append(planName)
          .append(" plan.");
    }
    if (upgradeName.isPresent()) {
      sb.append(" Upgrade to ").append(upgradeName.get()).append(" for ");
      if (upgradeLimit.isPresent()) {
        sb.append(format(upgradeLimit.getAsLong())).append(' ').append(metric.noun());
      } else {
        sb.append("unlimited ").append(metric.noun());
      }
      sb.append(metric.metered() ? " per month." : ".");
    }
    return sb.toString();
  }

  private static String format(long n) {
    return String.format(Locale.US, "%,d", n);
  }
}

package io.agnosticbilling.domain.plan;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Value object: what a plan limits, named by its camelCase key (used in JSON and storage). The
 * catalog says which metrics exist and how they read ({@link MetricDefinition}): the gauge {@link
 * #USERS} (current members) is always there, and the metered metrics (counted per period, {@link
 * #TEST_RUNS} by default) are the catalog's.
 */
public record Metric(String key) {
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

  /** Test runs per period: the default catalog's metered metric. */
  public static final Metric TEST_RUNS = new Metric("testRuns");

  /** Current members: the gauge every catalog limits. */
  public static final Metric USERS = new Metric("users");

  public Metric {
    Objects.requireNonNull(key, "'metric' must not be null");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "'metric' must be camelCase letters and digits starting with a lower-case letter (got '"
              + key
              + "')");
    }
  }

  public static Metric of(String key) {
    return new Metric(key);
  }

  /** The metric a stored or sent key names, or empty when the key is not a metric's shape. */
  public static Optional<Metric> fromKey(String key) {
    return key != null && KEY.matcher(key).matches()
        ? Optional.of(new Metric(key))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return key;
  }
}

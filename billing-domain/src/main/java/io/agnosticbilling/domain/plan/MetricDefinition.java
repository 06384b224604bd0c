package io.agnosticbilling.domain.plan;

import java.util.Objects;

/**
 * Value object: a metric of the catalog with how people read it: the plural {@code noun} of
 * sentences ("test runs") and whether it is {@code metered} (counted per period and recorded with
 * {@code RecordUsage}) or a gauge (users, the current members).
 */
public record MetricDefinition(Metric metric, String noun, boolean metered) {
  /** The gauge of current members. */
  public static final MetricDefinition USERS = new MetricDefinition(Metric.USERS, "users", false);

  /** The default catalog's metered metric. */
  public static final MetricDefinition TEST_RUNS =
      new MetricDefinition(Metric.TEST_RUNS, "test runs", true);

  public MetricDefinition {
    Objects.requireNonNull(metric, "'metric' must not be null");
    if (noun == null || noun.isBlank()) {
      throw new IllegalArgumentException("'noun' of metric '" + metric + "' must not be blank");
    }
  }

  /** A metered metric: counted per period. */
  public static MetricDefinition metered(String key, String noun) {
    return new MetricDefinition(Metric.of(key), noun, true);
  }

  public String key() {
    return metric.key();
  }
}

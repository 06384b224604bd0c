package io.agnosticbilling.domain.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: a plan of the catalog with its price, rank (for upgrade suggestions), limits and
 * the payment provider's price id that sells it.
 */
public record Plan(
    PlanId id,
    String name,
    int rank,
    Money price,
    String interval,
    Map<Metric, Quota> limits,
    List<String> features,
    Optional<String> providerPriceId) {

  public Plan {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(price, "'price' must not be null");
    Objects.requireNonNull(providerPriceId, "'providerPriceId' must not be null");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("'name' must not be blank");
    }
    if (rank < 0) {
      throw new IllegalArgumentException("'rank' must not be negative");
    }
    if (interval == null || !(interval.equals("month") || interval.equals("year"))) {
      throw new IllegalArgumentException("'interval' must be 'month' or 'year'");
    }
    EnumMap<Metric, Quota> copy = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      copy.put(metric, limits.getOrDefault(metric, Quota.unlimited()));
    }
    limits = Map.copyOf(copy);
    features = List.copyOf(features);
  }

  public Quota limit(Metric metric) {
    return limits.get(metric);
  }

  /** A plan nobody pays for; it is never sold through the payment provider. */
  public boolean isFree() {
    return price.isZero();
  }

  public Plan withProviderPriceId(String priceId) {
    return new Plan(
        id, name, rank, price, interval, limits, features, Optional.ofNullable(priceId));
  }
}

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
    BillingInterval interval,
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
    Objects.requireNonNull(interval, "'interval' must not be null");
    Objects.requireNonNull(limits, "'limits' must not be null");
    Objects.requireNonNull(features, "'features' must not be null");
    // Every metric is named: a forgotten limit must not quietly become unlimited.
    for (Metric metric : Metric.values()) {
      if (limits.get(metric) == null) {
        throw new IllegalArgumentException(
            "'limits' must name '" + metric.key() + "' (a quota, or unlimited)");
      }
    }
    limits = Map.copyOf(new EnumMap<>(limits));
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

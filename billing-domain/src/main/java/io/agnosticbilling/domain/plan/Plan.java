package io.agnosticbilling.domain.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Value object: a plan of the catalog with its price, rank (for upgrade suggestions), limits and
 * the payment provider's price id that sells it.
 *
 * @param formerPriceIds provider prices it was sold at before: subscribers on them keep the plan
 * @param providerProductId the provider's product of the plan: a price of it that the catalog does
 *     not list still sells this plan
 */
public record Plan(
    PlanId id,
    String name,
    int rank,
    Money price,
    BillingInterval interval,
    Map<Metric, Quota> limits,
    List<String> features,
    Optional<String> providerPriceId,
    Set<String> formerPriceIds,
    Optional<String> providerProductId) {

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
    Objects.requireNonNull(formerPriceIds, "'formerPriceIds' must not be null");
    for (String former : formerPriceIds) {
      if (former == null || former.isBlank()) {
        throw new IllegalArgumentException("'formerPriceIds' must not contain blank ids");
      }
    }
    formerPriceIds = Set.copyOf(formerPriceIds);
    Objects.requireNonNull(providerProductId, "'providerProductId' must not be null");
  }

  /** A plan without former prices or a known product. */
  public Plan(
      PlanId id,
      String name,
      int rank,
      Money price,
      BillingInterval interval,
      Map<Metric, Quota> limits,
      List<String> features,
      Optional<String> providerPriceId) {
    this(
        id,
        name,
        rank,
        price,
        interval,
        limits,
        features,
        providerPriceId,
        Set.of(),
        Optional.empty());
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
        id,
        name,
        rank,
        price,
        interval,
        limits,
        features,
        Optional.ofNullable(priceId),
        formerPriceIds,
        providerProductId);
  }

  public Plan withFormerPriceIds(Set<String> priceIds) {
    return new Plan(
        id,
        name,
        rank,
        price,
        interval,
        limits,
        features,
        providerPriceId,
        priceIds,
        providerProductId);
  }

  public Plan withProviderProductId(String productId) {
    return new Plan(
        id,
        name,
        rank,
        price,
        interval,
        limits,
        features,
        providerPriceId,
        formerPriceIds,
        Optional.ofNullable(productId));
  }

  /** Whether the provider sells, or sold, this plan at {@code priceId}. */
  public boolean soldAt(String priceId) {
    return providerPriceId.map(priceId::equals).orElse(false) || formerPriceIds.contains(priceId);
  }
}

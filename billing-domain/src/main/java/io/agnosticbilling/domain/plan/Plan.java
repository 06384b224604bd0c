package io.agnosticbilling.domain.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Value object: a plan of the catalog with its price(s), rank (for upgrade suggestions), limits,
 * features, trial and the payment provider's prices that sell it.
 *
 * @param price the plan's main price, charged every {@code interval}
 * @param features keyed entitlements with their display text, in display order
 * @param providerPriceId the provider's current price of the main interval
 * @param formerPriceIds provider prices it was sold at before: subscribers on them keep the plan
 * @param providerProductId the provider's product of the plan: a price of it that the catalog does
 *     not list still sells this plan
 * @param yearlyPrice a yearly price sold beside a monthly main price
 * @param yearlyProviderPriceId the provider's current price of {@code yearlyPrice}
 * @param trialDays the trial offered on an organization's first paid subscription; empty: none
 */
public record Plan(
    PlanId id,
    String name,
    int rank,
    Money price,
    BillingInterval interval,
    Map<Metric, Quota> limits,
    List<Feature> features,
    Optional<String> providerPriceId,
    Set<String> formerPriceIds,
    Optional<String> providerProductId,
    Optional<Money> yearlyPrice,
    Optional<String> yearlyProviderPriceId,
    OptionalInt trialDays) {

  /** The longest trial Stripe Checkout accepts (730 days). */
  public static final int MAX_TRIAL_DAYS = 730;

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
    // The gauge is always named: a forgotten limit must not quietly become unlimited. The catalog
    // checks the metered metrics, which it defines.
    if (limits.get(Metric.USERS) == null) {
      throw new IllegalArgumentException(
          "'limits' must name '" + Metric.USERS.key() + "' (a quota, or unlimited)");
    }
    limits = Map.copyOf(new LinkedHashMap<>(limits));
    features = List.copyOf(features);
    if (features.stream().map(Feature::key).distinct().count() != features.size()) {
      throw new IllegalArgumentException("'features' must not name a key twice");
    }
    Objects.requireNonNull(formerPriceIds, "'formerPriceIds' must not be null");
    for (String former : formerPriceIds) {
      if (former == null || former.isBlank()) {
        throw new IllegalArgumentException("'formerPriceIds' must not contain blank ids");
      }
    }
    formerPriceIds = Set.copyOf(formerPriceIds);
    Objects.requireNonNull(providerProductId, "'providerProductId' must not be null");
    Objects.requireNonNull(yearlyPrice, "'yearlyPrice' must not be null");
    Objects.requireNonNull(yearlyProviderPriceId, "'yearlyProviderPriceId' must not be null");
    Objects.requireNonNull(trialDays, "'trialDays' must not be null");
    if (yearlyPrice.isPresent() && interval != BillingInterval.MONTH) {
      throw new IllegalArgumentException("'yearlyPrice' is sold beside a monthly price only");
    }
    if (yearlyPrice.isPresent() && (price.isZero() || yearlyPrice.get().isZero())) {
      throw new IllegalArgumentException("a free plan has no 'yearlyPrice'");
    }
    if (yearlyPrice.isPresent() && !yearlyPrice.get().currency().equals(price.currency())) {
      throw new IllegalArgumentException("'yearlyPrice' must be in the currency of 'price'");
    }
    if (yearlyProviderPriceId.isPresent() && yearlyPrice.isEmpty()) {
      throw new IllegalArgumentException(
          "plan '" + id + "' has a yearly provider price but no 'yearlyPrice'");
    }
    if (trialDays.isPresent()) {
      int days = trialDays.getAsInt();
      if (days < 1 || days > MAX_TRIAL_DAYS) {
        throw new IllegalArgumentException(
            "'trialDays' must be between 1 and " + MAX_TRIAL_DAYS + " (got " + days + ")");
      }
      if (price.isZero()) {
        throw new IllegalArgumentException("a free plan has no 'trialDays'");
      }
    }
  }

  /** A plan with one price, no former prices, product, yearly price or trial. */
  public Plan(
      PlanId id,
      String name,
      int rank,
      Money price,
      BillingInterval interval,
      Map<Metric, Quota> limits,
      List<Feature> features,
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
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty());
  }

  public Quota limit(Metric metric) {
    Quota quota = limits.get(metric);
    if (quota == null) {
      throw new IllegalArgumentException("plan '" + id + "' has no limit for '" + metric + "'");
    }
    return quota;
  }

  /** A plan nobody pays for; it is never sold through the payment provider. */
  public boolean isFree() {
    return price.isZero();
  }

  /** Whether the plan grants the feature; a feature it does not list is not granted. */
  public boolean grants(String featureKey) {
    return features.stream().anyMatch(f -> f.key().equals(featureKey) && f.enabled());
  }

  /** The intervals the catalog prices this plan at, the main one first. */
  public List<BillingInterval> intervals() {
    return yearlyPrice.isPresent() ? List.of(interval, BillingInterval.YEAR) : List.of(interval);
  }

  /** The price charged every {@code each}, when the catalog prices the plan at that interval. */
  public Optional<Money> priceFor(BillingInterval each) {
    if (each == interval) {
      return Optional.of(price);
    }
    return each == BillingInterval.YEAR ? yearlyPrice : Optional.empty();
  }

  /** The provider's current price of the interval, when it is sold at that interval. */
  public Optional<String> providerPriceIdFor(BillingInterval each) {
    if (each == interval) {
      return providerPriceId;
    }
    return each == BillingInterval.YEAR ? yearlyProviderPriceId : Optional.empty();
  }

  /** The interval of one of the plan's current provider prices. */
  public Optional<BillingInterval> intervalOf(String priceId) {
    return intervals().stream()
        .filter(i -> providerPriceIdFor(i).map(priceId::equals).orElse(false))
        .findFirst();
  }

  /** The provider prices this plan is sold at now and was sold at before. */
  public Set<String> allPriceIds() {
    return Stream.concat(
            Stream.concat(providerPriceId.stream(), yearlyProviderPriceId.stream()),
            formerPriceIds.stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the provider sells, or sold, this plan at {@code priceId}. */
  public boolean soldAt(String priceId) {
    return allPriceIds().contains(priceId);
  }

  public Plan withProviderPriceId(String priceId) {
    return toBuilder().providerPriceId(Optional.ofNullable(priceId)).build();
  }

  public Plan withYearlyProviderPriceId(String priceId) {
    return toBuilder().yearlyProviderPriceId(Optional.ofNullable(priceId)).build();
  }

  public Plan withFormerPriceIds(Set<String> priceIds) {
    return toBuilder().formerPriceIds(priceIds).build();
  }

  public Plan withProviderProductId(String productId) {
    return toBuilder().providerProductId(Optional.ofNullable(productId)).build();
  }

  public static Builder builder(PlanId id, String name, int rank, Money price) {
    return new Builder(id, name, rank, price);
  }

  /** A builder holding this plan's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder(id, name, rank, price);
    b.interval = interval;
    b.limits = limits;
    b.features = features;
    b.providerPriceId = providerPriceId;
    b.formerPriceIds = formerPriceIds;
    b.providerProductId = providerProductId;
    b.yearlyPrice = yearlyPrice;
    b.yearlyProviderPriceId = yearlyProviderPriceId;
    b.trialDays = trialDays;
    return b;
  }

  /** Builds a plan; the record's constructor checks the result. */
  public static final class Builder {
    private final PlanId id;
    private final String name;
    private final int rank;
    private final Money price;
    private BillingInterval interval = BillingInterval.MONTH;
    private Map<Metric, Quota> limits = Map.of();
    private List<Feature> features = List.of();
    private Optional<String> providerPriceId = Optional.empty();
    private Set<String> formerPriceIds = Set.of();
    private Optional<String> providerProductId = Optional.empty();
    private Optional<Money> yearlyPrice = Optional.empty();
    private Optional<String> yearlyProviderPriceId = Optional.empty();
    private OptionalInt trialDays = OptionalInt.empty();

    private Builder(PlanId id, String name, int rank, Money price) {
      this.id = id;
      this.name = name;
      this.rank = rank;
      this.price = price;
    }

    public Builder interval(BillingInterval value) {
      this.interval = value;
      return this;
    }

    public Builder limits(Map<Metric, Quota> value) {
      this.limits = value;
      return this;
    }

    public Builder features(List<Feature> value) {
      this.features = value;
      return this;
    }

    public Builder providerPriceId(Optional<String> value) {
      this.providerPriceId = value;
      return this;
    }

    public Builder formerPriceIds(Set<String> value) {
      this.formerPriceIds = value;
      return this;
    }

    public Builder providerProductId(Optional<String> value) {
      this.providerProductId = value;
      return this;
    }

    public Builder yearlyPrice(Optional<Money> value) {
      this.yearlyPrice = value;
      return this;
    }

    public Builder yearlyProviderPriceId(Optional<String> value) {
      this.yearlyProviderPriceId = value;
      return this;
    }

    public Builder trialDays(OptionalInt value) {
      this.trialDays = value;
      return this;
    }

    public Plan build() {
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
          providerProductId,
          yearlyPrice,
          yearlyProviderPriceId,
          trialDays);
    }
  }
}

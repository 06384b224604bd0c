package io.agnosticbilling.domain.plan;

import io.agnosticbilling.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The plans on sale, ordered by rank, and the usage alert thresholds. The default is Free / Team /
 * Enterprise; an application may build its own with {@link #of} (the server reads one from a file).
 * The constructor refuses a catalog that makes no sense.
 */
public final class PlanCatalog {
  /** Alert thresholds used when a catalog does not name its own. */
  public static final List<Integer> DEFAULT_ALERT_THRESHOLDS = List.of(50, 80, 90, 100);

  /** Metered metrics used when a catalog does not name its own: test runs. */
  public static final List<MetricDefinition> DEFAULT_METERED = List.of(MetricDefinition.TEST_RUNS);

  private final List<Plan> plans;
  private final List<MetricDefinition> metered;
  private final List<Integer> alertThresholds;
  // Every price a plan is sold at now or was before, and every plan's product: looked up for each
  // subscription event, so built once (each names one plan: requireOnePlanEach).
  private final Map<String, Plan> byPrice;
  private final Map<String, Plan> byProduct;

  private PlanCatalog(
      List<Plan> plans, List<MetricDefinition> metered, List<Integer> alertThresholds) {
    List<Plan> sorted = new ArrayList<>(plans);
    sorted.sort(Comparator.comparingInt(Plan::rank));
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("a catalog needs at least one plan");
    }
    if (!sorted.get(0).isFree()) {
      throw new IllegalArgumentException(
          "the lowest-ranked plan ('" + sorted.get(0).id() + "') must be free");
    }
    Set<PlanId> ids = new HashSet<>();
    Set<Integer> ranks = new HashSet<>();
    for (Plan plan : sorted) {
      if (!ids.add(plan.id())) {
        throw new IllegalArgumentException("plan '" + plan.id() + "' is listed twice");
      }
      if (!ranks.add(plan.rank())) {
        throw new IllegalArgumentException("two plans share rank " + plan.rank());
      }
    }
    List<Integer> thresholds = new ArrayList<>(alertThresholds);
    for (int t : thresholds) {
      if (t < 1 || t > 100) {
        throw new IllegalArgumentException(
            "alert thresholds must be between 1 and 100 (got " + t + ")");
      }
    }
    if (new HashSet<>(thresholds).size() != thresholds.size()) {
      throw new IllegalArgumentException("alert thresholds must not repeat");
    }
    thresholds.sort(Comparator.naturalOrder());
    Map<String, Plan> prices = new HashMap<>();
    Map<String, Plan> products = new HashMap<>();
    indexOnePlanEach(sorted, prices, products);
    requireLimitsOfEveryMetric(sorted, metered);
    this.byPrice = Map.copyOf(prices);
    this.byProduct = Map.copyOf(products);
    this.plans = List.copyOf(sorted);
    this.metered = List.copyOf(metered);
    this.alertThresholds = List.copyOf(thresholds);
  }

  /** A catalog metering test runs only. */
  public static PlanCatalog of(List<Plan> plans, List<Integer> alertThresholds) {
    return new PlanCatalog(plans, DEFAULT_METERED, alertThresholds);
  }

  /** A catalog metering its own metrics; every plan names a limit for each, and for users. */
  public static PlanCatalog of(
      List<Plan> plans, List<MetricDefinition> metered, List<Integer> alertThresholds) {
    return new PlanCatalog(plans, metered, alertThresholds);
  }

  /**
   * The product's built-in plans: Free, Team ($99/month or $990/year), Enterprise ($499/month or
   * $4,990/year); no trials.
   */
  public static PlanCatalog defaults() {
    return new PlanCatalog(
        List.of(
            Plan.builder(PlanId.FREE, "Free", 0, Money.usd(0))
                .limits(limits(Quota.of(3), Quota.of(100)))
                .features(List.of(Feature.on("communitySupport", "community support")))
                .build(),
            Plan.builder(PlanId.TEAM, "Team", 1, Money.usd(9900))
                .yearlyPrice(Optional.of(Money.usd(99000)))
                .limits(limits(Quota.of(20), Quota.of(1000)))
                .features(List.of(Feature.on("emailSupport", "email support")))
                .build(),
            Plan.builder(PlanId.ENTERPRISE, "Enterprise", 2, Money.usd(49900))
                .yearlyPrice(Optional.of(Money.usd(499000)))
                .limits(limits(Quota.unlimited(), Quota.unlimited()))
                .features(
                    List.of(
                        Feature.on("prioritySupport", "priority support"),
                        Feature.off("sso", "SSO (coming soon)")))
                .build()),
        DEFAULT_METERED,
        DEFAULT_ALERT_THRESHOLDS);
  }

  private static Map<Metric, Quota> limits(Quota users, Quota testRuns) {
    return Map.of(Metric.USERS, users, Metric.TEST_RUNS, testRuns);
  }

  /** A copy where each paid plan is sold through the given provider price id. */
  public PlanCatalog withProviderPrices(Map<PlanId, String> priceIds) {
    List<Plan> priced = new ArrayList<>();
    for (Plan plan : plans) {
      String priceId = priceIds.get(plan.id());
      priced.add(priceId == null ? plan : plan.withProviderPriceId(priceId));
    }
    return new PlanCatalog(priced, metered, alertThresholds);
  }

  /** A copy where each named plan's yearly price is sold through the given provider price id. */
  public PlanCatalog withYearlyProviderPrices(Map<PlanId, String> priceIds) {
    List<Plan> priced = new ArrayList<>();
    for (Plan plan : plans) {
      String priceId = priceIds.get(plan.id());
      priced.add(priceId == null ? plan : plan.withYearlyProviderPriceId(priceId));
    }
    return new PlanCatalog(priced, metered, alertThresholds);
  }

  public List<Plan> plans() {
    return plans;
  }

  /** The metered metrics, counted per period and recorded with {@code RecordUsage}. */
  public List<MetricDefinition> metered() {
    return metered;
  }

  /** Every metric plans limit: the users gauge first, then the metered ones. */
  public List<MetricDefinition> metrics() {
    List<MetricDefinition> all = new ArrayList<>();
    all.add(MetricDefinition.USERS);
    all.addAll(metered);
    return List.copyOf(all);
  }

  /** How the catalog defines the metric, or empty when it does not know it. */
  public Optional<MetricDefinition> definition(Metric metric) {
    return metrics().stream().filter(d -> d.metric().equals(metric)).findFirst();
  }

  /** Every feature key a plan of the catalog lists, in the order they first appear. */
  public List<String> featureKeys() {
    return plans.stream().flatMap(p -> p.features().stream()).map(Feature::key).distinct().toList();
  }

  public List<Integer> alertThresholds() {
    return alertThresholds;
  }

  /** The lowest-ranked plan, which is free and what every organization falls back to. */
  public Plan free() {
    return plans.get(0);
  }

  public Optional<Plan> find(PlanId id) {
    return plans.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The plan, or a refusal naming the plans on sale. */
  public Plan require(PlanId id) {
    return find(id)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "plan",
                    "Unknown plan '"
                        + id
                        + "'. Plans on sale: "
                        + plans.stream().map(Plan::id).toList()));
  }

  /** The plan sold, or formerly sold, at {@code priceId}. */
  public Optional<Plan> byProviderPriceId(String priceId) {
    Objects.requireNonNull(priceId, "'priceId' must not be null");
    return Optional.ofNullable(byPrice.get(priceId));
  }

  /**
   * The plan a provider price belongs to: the plan sold at it now or before, else the plan whose
   * product the price is of, so changing a price never strands existing subscribers.
   */
  public Optional<Plan> byProviderPrice(String priceId, Optional<String> productId) {
    return byProviderPriceId(priceId).or(() -> productId.map(byProduct::get));
  }

  /** A copy where each named plan is also recognized by the given former price ids. */
  public PlanCatalog withFormerPriceIds(Map<PlanId, Set<String>> priceIds) {
    List<Plan> changed = new ArrayList<>();
    for (Plan plan : plans) {
      Set<String> former = priceIds.get(plan.id());
      changed.add(former == null ? plan : plan.withFormerPriceIds(former));
    }
    return new PlanCatalog(changed, metered, alertThresholds);
  }

  /** A copy where each named plan is recognized by its provider product. */
  public PlanCatalog withProviderProducts(Map<PlanId, String> productIds) {
    List<Plan> changed = new ArrayList<>();
    for (Plan plan : plans) {
      String product = productIds.get(plan.id());
      changed.add(product == null ? plan : plan.withProviderProductId(product));
    }
    return new PlanCatalog(changed, metered, alertThresholds);
  }

  // A price or product naming two plans would make the plan of a subscription a matter of order.
  private static void indexOnePlanEach(
      List<Plan> plans, Map<String, Plan> prices, Map<String, Plan> products) {
    for (Plan plan : plans) {
      for (String price : plan.allPriceIds()) {
        Plan other = prices.putIfAbsent(price, plan);
        if (other != null) {
          throw new IllegalArgumentException(
              "price '"
                  + price
                  + "' is listed for plans '"
                  + other.id()
                  + "' and '"
                  + plan.id()
                  + "'");
        }
      }
      plan.providerProductId()
          .ifPresent(
              product -> {
                Plan other = products.putIfAbsent(product, plan);
                if (other != null) {
                  throw new IllegalArgumentException(
                      "product '"
                          + product
                          + "' is listed for plans '"
                          + other.id()
                          + "' and '"
                          + plan.id()
                          + "'");
                }
              });
    }
  }

  // Every plan names a limit for every metric, and only those: a forgotten limit must not quietly
  // become unlimited, and a limit of an undefined metric is a typo.
  private static void requireLimitsOfEveryMetric(List<Plan> plans, List<MetricDefinition> metered) {
    Set<Metric> known = new HashSet<>();
    known.add(Metric.USERS);
    for (MetricDefinition d : metered) {
      if (!d.metered()) {
        throw new IllegalArgumentException("metric '" + d.key() + "' must be metered");
      }
      if (!known.add(d.metric())) {
        throw new IllegalArgumentException("metric '" + d.key() + "' is defined twice");
      }
    }
    for (Plan plan : plans) {
      for (Metric metric : known) {
        if (!plan.limits().containsKey(metric)) {
          throw new IllegalArgumentException(
              "plan '"
                  + plan.id()
                  + "' must name a limit for '"
                  + metric
                  + "' (a quota, or unlimited)");
        }
      }
      for (Metric metric : plan.limits().keySet()) {
        if (!known.contains(metric)) {
          throw new IllegalArgumentException(
              "plan '"
                  + plan.id()
                  + "' limits '"
                  + metric
                  + "', which the catalog does not define");
        }
      }
    }
  }

  /** The lowest-ranked plan above {@code current} that allows more of {@code metric}. */
  public Optional<Plan> nextUp(Plan current, Metric metric) {
    Quota now = current.limit(metric);
    return plans.stream()
        .filter(p -> p.rank() > current.rank())
        .filter(p -> isLarger(p.limit(metric), now))
        .findFirst();
  }

  /** Every plan ranked above {@code current}, lowest first. */
  public List<Plan> above(Plan current) {
    return plans.stream().filter(p -> p.rank() > current.rank()).toList();
  }

  private static boolean isLarger(Quota candidate, Quota current) {
    if (current.isUnlimited()) {
      return false;
    }
    return candidate.isUnlimited() || candidate.limit().getAsLong() > current.limit().getAsLong();
  }
}

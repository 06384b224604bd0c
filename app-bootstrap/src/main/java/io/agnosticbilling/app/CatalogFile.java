package io.agnosticbilling.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Feature;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the plan catalog document of {@code BILLING_CATALOG_FILE} with Jackson: {@code
 * {"alertThresholds":[50,80], "metrics":[{"key":"testRuns","noun":"test runs"}], "plans":[{"id",
 * "name", "rank", "price":{"amount","currency","interval"}, "yearlyPrice":{"amount","currency"},
 * "trialDays":14, "limits":{"users":3,"testRuns":null},
 * "features":[{"key":"sso","enabled":false,"text":"SSO (coming soon)"}], "formerPriceIds":[...],
 * "productId"}]}} ({@code metrics} defaults to test runs; {@code yearlyPrice}, {@code trialDays},
 * {@code features}, {@code formerPriceIds} and {@code productId} are optional). Every limit is
 * named ({@code null} means unlimited); the catalog's rules are the domain's, and every refusal
 * says where it is.
 */
final class CatalogFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogFile() {}

  /**
   * The catalog the document describes.
   *
   * @throws IllegalArgumentException naming the field and the rule it breaks
   */
  static PlanCatalog parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the catalog must be a JSON object");
    }
    List<Integer> thresholds = PlanCatalog.DEFAULT_ALERT_THRESHOLDS;
    if (root.has("alertThresholds")) {
      thresholds = new ArrayList<>();
      for (JsonNode t : array(root.get("alertThresholds"), "alertThresholds")) {
        thresholds.add(Math.toIntExact(number(t, "alertThresholds[]")));
      }
    }
    List<MetricDefinition> metered = PlanCatalog.DEFAULT_METERED;
    if (root.has("metrics")) {
      metered = new ArrayList<>();
      int index = 0;
      for (JsonNode m : array(root.get("metrics"), "metrics")) {
        metered.add(metric(m, "metrics[" + index++ + "]"));
      }
    }
    List<Plan> plans = new ArrayList<>();
    int index = 0;
    for (JsonNode p : array(root.get("plans"), "plans")) {
      plans.add(plan(p, "plans[" + index++ + "]", metered));
    }
    return PlanCatalog.of(plans, metered, thresholds);
  }

  /** A metered metric: {@code {"key":"apiCalls","noun":"API calls"}}. */
  private static MetricDefinition metric(JsonNode m, String where) {
    object(m, where);
    String key = string(m.get("key"), where + ".key");
    String noun = string(m.get("noun"), where + ".noun");
    if (Metric.USERS.key().equals(key)) {
      throw new IllegalArgumentException(
          where + ".key: 'users' is the members gauge every catalog has, not a metered metric");
    }
    try {
      return MetricDefinition.metered(key, noun);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** A feature: {@code {"key":"sso","enabled":false,"text":"SSO (coming soon)"}}. */
  private static Feature feature(JsonNode f, String where) {
    if (f == null || !f.isObject()) {
      throw new IllegalArgumentException(
          where
              + " must be an object {\"key\", \"enabled\", \"text\"} (plain strings were the"
              + " catalog's shape before keyed features)");
    }
    String key = string(f.get("key"), where + ".key");
    JsonNode enabled = f.get("enabled");
    if (enabled == null || !enabled.isBoolean()) {
      throw new IllegalArgumentException(where + ".enabled must be true or false");
    }
    String text = string(f.get("text"), where + ".text");
    try {
      return new Feature(key, enabled.booleanValue(), text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Plan plan(JsonNode p, String where, List<MetricDefinition> metered) {
    object(p, where);
    JsonNode price = object(p.get("price"), where + ".price");
    Map<Metric, Quota> limits = limits(p.get("limits"), where + ".limits", metered);
    List<Feature> features = new ArrayList<>();
    if (p.has("features")) {
      int index = 0;
      for (JsonNode f : array(p.get("features"), where + ".features")) {
        features.add(feature(f, where + ".features[" + index++ + "]"));
      }
    }
    Optional<Money> yearlyPrice = Optional.empty();
    if (p.has("yearlyPrice")) {
      JsonNode yearly = object(p.get("yearlyPrice"), where + ".yearlyPrice");
      long yearlyAmount = number(yearly.get("amount"), where + ".yearlyPrice.amount");
      String yearlyCurrency = string(yearly.get("currency"), where + ".yearlyPrice.currency");
      try {
        yearlyPrice = Optional.of(new Money(yearlyAmount, yearlyCurrency));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".yearlyPrice: " + e.getMessage(), e);
      }
    }
    OptionalInt trialDays = OptionalInt.empty();
    if (p.has("trialDays") && !p.get("trialDays").isNull()) {
      long days = number(p.get("trialDays"), where + ".trialDays");
      if (days < 1 || days > Plan.MAX_TRIAL_DAYS) {
        throw new IllegalArgumentException(
            where + ".trialDays must be between 1 and " + Plan.MAX_TRIAL_DAYS);
      }
      trialDays = OptionalInt.of((int) days);
    }
    BillingInterval interval = BillingInterval.MONTH;
    if (price.has("interval")) {
      String name = string(price.get("interval"), where + ".price.interval");
      interval =
          BillingInterval.fromWireName(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + ".price.interval must be 'month' or 'year', not '" + name + "'"));
    }
    String id = string(p.get("id"), where + ".id");
    String name = string(p.get("name"), where + ".name");
    int rank = Math.toIntExact(number(p.get("rank"), where + ".rank"));
    long amount = number(price.get("amount"), where + ".price.amount");
    String currency = string(price.get("currency"), where + ".price.currency");
    Set<String> formerPriceIds = new HashSet<>();
    if (p.has("formerPriceIds")) {
      for (JsonNode f : array(p.get("formerPriceIds"), where + ".formerPriceIds")) {
        formerPriceIds.add(string(f, where + ".formerPriceIds[]"));
      }
    }
    Optional<String> productId =
        p.has("productId")
            ? Optional.of(string(p.get("productId"), where + ".productId"))
            : Optional.empty();
    // The domain's own checks (id shape, amount, rank) say why; this says where.
    try {
      return Plan.builder(PlanId.of(id), name, rank, new Money(amount, currency))
          .interval(interval)
          .limits(limits)
          .features(features)
          .formerPriceIds(formerPriceIds)
          .providerProductId(productId)
          .yearlyPrice(yearlyPrice)
          .trialDays(trialDays)
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** Every metric, each a whole number or {@code null} (unlimited); none may be left out. */
  private static Map<Metric, Quota> limits(
      JsonNode value, String where, List<MetricDefinition> metered) {
    if (value == null) {
      throw new IllegalArgumentException(where + " is required (name every metric)");
    }
    object(value, where);
    List<Metric> metrics = new ArrayList<>();
    metrics.add(Metric.USERS);
    metered.forEach(d -> metrics.add(d.metric()));
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (metrics.stream().noneMatch(m -> m.key().equals(key))) {
        throw new IllegalArgumentException(
            where
                + ": unknown metric '"
                + key
                + "' (define metered metrics under \"metrics\"; known: "
                + metrics
                + ")");
      }
    }
    Map<Metric, Quota> limits = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      String field = where + "." + metric.key();
      if (!value.has(metric.key())) {
        throw new IllegalArgumentException(
            field + " is required (a whole number, or null for unlimited)");
      }
      JsonNode limit = value.get(metric.key());
      limits.put(metric, limit.isNull() ? Quota.unlimited() : Quota.of(number(limit, field)));
    }
    return limits;
  }

  private static JsonNode object(JsonNode value, String where) {
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    return value;
  }

  private static JsonNode array(JsonNode value, String where) {
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException(where + " must be an array");
    }
    return value;
  }

  private static String string(JsonNode value, String where) {
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(where + " must be a string");
    }
    return value.textValue();
  }

  private static long number(JsonNode value, String where) {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(where + " must be a whole number");
    }
    return value.longValue();
  }
}

package io.agnosticbilling.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the plan catalog document of {@code BILLING_CATALOG_FILE} with Jackson: {@code
 * {"alertThresholds":[50,80], "plans":[{"id", "name", "rank",
 * "price":{"amount","currency","interval"}, "limits":{"users":3,"testRuns":null}, "features":[...],
 * "formerPriceIds":[...], "productId"}]}} (the last two optional). Every limit is named ({@code
 * null} means unlimited); the catalog's rules are the domain's, and every refusal says where it is.
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
    List<Plan> plans = new ArrayList<>();
    int index = 0;
    for (JsonNode p : array(root.get("plans"), "plans")) {
      plans.add(plan(p, "plans[" + index++ + "]"));
    }
    return PlanCatalog.of(plans, thresholds);
  }

  private static Plan plan(JsonNode p, String where) {
    object(p, where);
    JsonNode price = object(p.get("price"), where + ".price");
    Map<Metric, Quota> limits = limits(p.get("limits"), where + ".limits");
    List<String> features = new ArrayList<>();
    if (p.has("features")) {
      for (JsonNode f : array(p.get("features"), where + ".features")) {
        features.add(string(f, where + ".features[]"));
      }
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
      return new Plan(
          PlanId.of(id),
          name,
          rank,
          new Money(amount, currency),
          interval,
          limits,
          features,
          Optional.empty(),
          formerPriceIds,
          productId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** Every metric, each a whole number or {@code null} (unlimited); none may be left out. */
  private static Map<Metric, Quota> limits(JsonNode value, String where) {
    if (value == null) {
      throw new IllegalArgumentException(where + " is required (name every metric)");
    }
    object(value, where);
    Iterator<String> names = value.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (Metric.fromKey(key).isEmpty()) {
        throw new IllegalArgumentException(where + ": unknown metric '" + key + "'");
      }
    }
    Map<Metric, Quota> limits = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
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

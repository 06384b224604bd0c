package io.agnosticbilling.sandbox;

/**
 * The plan id a price stands for, used in the Portal's {@code portal-change-<planId>} hooks: the
 * {@code plan} metadata of the price or its product (Agnostic Billing's catalog sync sets both),
 * else the lookup key without a {@code _monthly}/{@code _yearly} suffix, else the price id.
 */
final class PlanNames {
  private PlanNames() {}

  static String planId(Price price, Product product) {
    String fromPrice = price.metadata.get("plan");
    if (fromPrice != null) {
      return fromPrice;
    }
    if (product != null && product.metadata.get("plan") != null) {
      return product.metadata.get("plan");
    }
    if (price.lookupKey != null) {
      return price.lookupKey.replaceFirst("_(monthly|yearly)$", "");
    }
    return price.id;
  }
}

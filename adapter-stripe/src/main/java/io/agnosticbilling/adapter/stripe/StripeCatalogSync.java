package io.agnosticbilling.adapter.stripe;

import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.ProductCreateParams;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter: makes Stripe sell the catalog's paid plans: one product and one recurring price per
 * plan, found by lookup key or created. Safe to run again and from several places at once.
 */
public final class StripeCatalogSync {
  static final String KEY_PREFIX = "agnostic_billing_";

  private final StripeGateway gateway;

  public StripeCatalogSync(StripeSettings settings) {
    this.gateway = new StripeGateway(Objects.requireNonNull(settings, "'settings' is null"));
  }

  /** The price lookup key of a plan, e.g. {@code agnostic_billing_team_monthly}. */
  public static String lookupKey(Plan plan) {
    return KEY_PREFIX
        + plan.id().value()
        + "_"
        + (plan.interval() == BillingInterval.YEAR ? "yearly" : "monthly");
  }

  /** The product id of a plan, e.g. {@code agnostic_billing_team}: fixed, so it is found again. */
  public static String productId(Plan plan) {
    return KEY_PREFIX + plan.id().value();
  }

  /** {@code STRIPE_TEAM_PRICE_ID=price_…} lines for the synced prices, in catalog order. */
  public static String environmentLines(Map<PlanId, String> priceIds) {
    StringBuilder lines = new StringBuilder();
    priceIds.forEach(
        (plan, price) ->
            lines
                .append("STRIPE_")
                .append(plan.value().toUpperCase(Locale.ROOT).replace('-', '_'))
                .append("_PRICE_ID=")
                .append(price)
                .append('\n'));
    return lines.toString();
  }

  /**
   * Finds or creates the product and price of every paid plan.
   *
   * @return the Stripe price id of each paid plan, in catalog order
   */
  public Map<PlanId, String> sync(PlanCatalog catalog) {
    Objects.requireNonNull(catalog, "'catalog' must not be null");
    Map<PlanId, String> priceIds = new LinkedHashMap<>();
    for (Plan plan : catalog.plans()) {
      if (!plan.isFree()) {
        priceIds.put(plan.id(), syncPlan(plan));
      }
    }
    return priceIds;
  }

  private String syncPlan(Plan plan) {
    String lookupKey = lookupKey(plan);
    Optional<Price> existing = findPrice(lookupKey);
    if (existing.isPresent() && matches(existing.get(), plan)) {
      return existing.get().getId();
    }
    String productId = ensureProduct(plan);
    // A changed amount needs a new price (Stripe prices are immutable); transferring the lookup
    // key moves it from the old price, which keeps its existing subscribers.
    PriceCreateParams params =
        PriceCreateParams.builder()
            .setProduct(productId)
            .setCurrency(plan.price().currency())
            .setUnitAmount(plan.price().amountMinor())
            .setRecurring(
                PriceCreateParams.Recurring.builder()
                    .setInterval(
                        plan.interval() == BillingInterval.YEAR
                            ? PriceCreateParams.Recurring.Interval.YEAR
                            : PriceCreateParams.Recurring.Interval.MONTH)
                    .build())
            .setLookupKey(lookupKey)
            .setTransferLookupKey(existing.isPresent())
            .setNickname(plan.name() + " (" + plan.interval().wireName() + "ly)")
            .putMetadata("plan", plan.id().value())
            .build();
    Price created =
        gateway.write(
            "price creation for plan '" + plan.id() + "'",
            "catalog:price:" + lookupKey,
            params,
            (client, options) -> client.v1().prices().create(params, options));
    return created.getId();
  }

  private Optional<Price> findPrice(String lookupKey) {
    PriceListParams params =
        PriceListParams.builder().addLookupKey(lookupKey).setActive(true).setLimit(1L).build();
    return gateway
        .read(
            "price lookup '" + lookupKey + "'",
            (client, options) -> client.v1().prices().list(params, options))
        .getData()
        .stream()
        .findFirst();
  }

  private static boolean matches(Price price, Plan plan) {
    return Objects.equals(price.getUnitAmount(), plan.price().amountMinor())
        && plan.price().currency().equalsIgnoreCase(String.valueOf(price.getCurrency()))
        && price.getRecurring() != null
        && plan.interval().wireName().equals(price.getRecurring().getInterval());
  }

  private String ensureProduct(Plan plan) {
    String id = productId(plan);
    Optional<Product> product =
        gateway.readOptional(
            "product lookup '" + id + "'",
            (client, options) -> client.v1().products().retrieve(id, options));
    if (product.isPresent()) {
      return product.get().getId();
    }
    ProductCreateParams params =
        ProductCreateParams.builder()
            .setId(id)
            .setName(plan.name())
            .putMetadata("plan", plan.id().value())
            .build();
    return gateway
        .write(
            "product creation for plan '" + plan.id() + "'",
            "catalog:product:" + id,
            params,
            (client, options) -> client.v1().products().create(params, options))
        .getId();
  }
}

package io.agnosticbilling.adapter.stripe;

import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.ProductCreateParams;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter: makes Stripe sell the catalog's paid plans: one product per plan and one recurring price
 * per plan and interval (the main price, and the yearly one beside a monthly price), each found by
 * its own lookup key or created. Safe to run again and from several places at once.
 */
public final class StripeCatalogSync {
  static final String KEY_PREFIX = "agnostic_billing_";

  private final StripeGateway gateway;

  public StripeCatalogSync(StripeSettings settings) {
    this.gateway = new StripeGateway(Objects.requireNonNull(settings, "'settings' is null"));
  }

  /** The lookup key of a plan's main price, e.g. {@code agnostic_billing_team_monthly}. */
  public static String lookupKey(Plan plan) {
    return lookupKey(plan, plan.interval());
  }

  /** The lookup key of a plan's price at an interval, e.g. {@code agnostic_billing_team_yearly}. */
  public static String lookupKey(Plan plan, BillingInterval interval) {
    return KEY_PREFIX
        + plan.id().value()
        + "_"
        + (interval == BillingInterval.YEAR ? "yearly" : "monthly");
  }

  /** The product id of a plan, e.g. {@code agnostic_billing_team}: fixed, so it is found again. */
  public static String productId(Plan plan) {
    return KEY_PREFIX + plan.id().value();
  }

  /** {@code STRIPE_TEAM_PRICE_ID=price_…} lines for the synced prices, in catalog order. */
  public static String environmentLines(Map<PlanId, String> priceIds) {
    return environmentLines(priceIds, "_PRICE_ID=");
  }

  /**
   * The lines of every synced price: {@code STRIPE_TEAM_PRICE_ID=price_…}, then {@code
   * STRIPE_TEAM_YEARLY_PRICE_ID=price_…} for the yearly ones.
   */
  public static String environmentLines(SyncedPrices prices) {
    return environmentLines(prices.main(), "_PRICE_ID=")
        + environmentLines(prices.yearly(), "_YEARLY_PRICE_ID=");
  }

  private static String environmentLines(Map<PlanId, String> priceIds, String suffix) {
    StringBuilder lines = new StringBuilder();
    priceIds.forEach(
        (plan, price) ->
            lines
                .append("STRIPE_")
                .append(plan.value().toUpperCase(Locale.ROOT).replace('-', '_'))
                .append(suffix)
                .append(price)
                .append('\n'));
    return lines.toString();
  }

  /**
   * The synced prices of each paid plan, in catalog order.
   *
   * @param main the price of the plan's main interval
   * @param yearly the yearly price sold beside a monthly one, for the plans that have one
   */
  public record SyncedPrices(Map<PlanId, String> main, Map<PlanId, String> yearly) {
    public SyncedPrices {
      main = Collections.unmodifiableMap(new LinkedHashMap<>(main));
      yearly = Collections.unmodifiableMap(new LinkedHashMap<>(yearly));
    }
  }

  /**
   * Finds or creates the product and price of every paid plan.
   *
   * @return the Stripe price id of each paid plan, in catalog order
   */
  public Map<PlanId, String> sync(PlanCatalog catalog) {
    return syncPrices(catalog).main();
  }

  /** Finds or creates the product and every price (main and yearly) of every paid plan. */
  public SyncedPrices syncPrices(PlanCatalog catalog) {
    Objects.requireNonNull(catalog, "'catalog' must not be null");
    Map<PlanId, String> main = new LinkedHashMap<>();
    Map<PlanId, String> yearly = new LinkedHashMap<>();
    for (Plan plan : catalog.plans()) {
      if (!plan.isFree()) {
        main.put(plan.id(), syncPrice(plan, plan.interval(), plan.price()));
        if (plan.yearlyPrice().isPresent()) {
          yearly.put(plan.id(), syncPrice(plan, BillingInterval.YEAR, plan.yearlyPrice().get()));
        }
      }
    }
    return new SyncedPrices(main, yearly);
  }

  private String syncPrice(Plan plan, BillingInterval interval, Money amount) {
    String lookupKey = lookupKey(plan, interval);
    Optional<Price> existing = findPrice(lookupKey);
    if (existing.isPresent() && matches(existing.get(), interval, amount)) {
      return existing.get().getId();
    }
    String productId = ensureProduct(plan);
    // A changed amount needs a new price (Stripe prices are immutable); transferring the lookup
    // key moves it from the old price, which keeps its existing subscribers.
    PriceCreateParams params =
        PriceCreateParams.builder()
            .setProduct(productId)
            .setCurrency(amount.currency())
            .setUnitAmount(amount.amountMinor())
            .setRecurring(
                PriceCreateParams.Recurring.builder()
                    .setInterval(
                        interval == BillingInterval.YEAR
                            ? PriceCreateParams.Recurring.Interval.YEAR
                            : PriceCreateParams.Recurring.Interval.MONTH)
                    .build())
            .setLookupKey(lookupKey)
            .setTransferLookupKey(existing.isPresent())
            .setNickname(plan.name() + " (" + interval.wireName() + "ly)")
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

  private static boolean matches(Price price, BillingInterval interval, Money amount) {
    return Objects.equals(price.getUnitAmount(), amount.amountMinor())
        && amount.currency().equalsIgnoreCase(String.valueOf(price.getCurrency()))
        && price.getRecurring() != null
        && interval.wireName().equals(price.getRecurring().getInterval());
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

package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v1/products} and {@code /v1/prices}: create, retrieve, list (by lookup keys, active,
 * product) and price search by the same fields; lookup keys are unique unless transferred.
 */
final class CatalogApi {
  private static final Pattern SEARCH_CLAUSE =
      Pattern.compile(
          "\\s*(lookup_key|active|product|currency|metadata\\['([^']+)'\\])\\s*:\\s*'([^']*)'\\s*");

  private final SandboxStore store;
  private final StripeJson json;

  CatalogApi(SandboxStore store, StripeJson json) {
    this.store = store;
    this.json = json;
  }

  ObjectNode createProduct(ApiRequest request) {
    Params p =
        request.params().allowOnly("id", "name", "description", "active", "metadata", "expand");
    String id = p.string("id").filter(s -> !s.isEmpty()).orElseGet(() -> Ids.next("prod"));
    if (store.products.containsKey(id)) {
      throw new StripeError(
          400, "invalid_request_error", "resource_already_exists", "Product already exists.", "id");
    }
    Product product = new Product(id, store.now(), p.required("name"), Metadata.of(p));
    product.description = p.string("description").orElse(null);
    product.active = p.bool("active").orElse(true);
    store.products.put(id, product);
    store.events.emit("product.created", json.product(product), null, store.now());
    return json.product(product);
  }

  ObjectNode retrieveProduct(ApiRequest request) {
    return json.product(store.product(request.id(), "id"));
  }

  ObjectNode listProducts(ApiRequest request) {
    Params p =
        request.params().allowOnly("active", "limit", "starting_after", "ending_before", "expand");
    Predicate<Product> active =
        product -> p.bool("active").map(a -> a == product.active).orElse(true);
    List<Product> products =
        SandboxStore.newestFirst(store.products.values()).stream().filter(active).toList();
    return json.page("/v1/products", products, product -> product.id, json::product, p);
  }

  ObjectNode createPrice(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly(
                "product",
                "product_data",
                "currency",
                "unit_amount",
                "recurring",
                "lookup_key",
                "transfer_lookup_key",
                "nickname",
                "metadata",
                "active",
                "expand");
    String productId = productOf(p);
    String currency = p.required("currency").toLowerCase(Locale.ROOT);
    if (!currency.matches("[a-z]{3}")) {
      throw StripeError.invalid("currency", "Invalid currency: " + currency);
    }
    long amount =
        p.longValue("unit_amount").orElseThrow(() -> StripeError.missingParam("unit_amount"));
    if (amount < 0) {
      throw StripeError.invalid("unit_amount", "This value must be greater than or equal to 0.");
    }
    String interval = null;
    long intervalCount = 1;
    Params recurring = p.nested("recurring");
    if (!recurring.isEmpty()) {
      interval = recurring.required("interval");
      if (!Set.of("day", "week", "month", "year").contains(interval)) {
        throw StripeError.invalid(
            "recurring[interval]",
            "Invalid recurring[interval]: must be one of day, week, month, or year");
      }
      intervalCount = recurring.longValue("interval_count").orElse(1L);
      if (intervalCount < 1) {
        throw StripeError.invalid(
            "recurring[interval_count]", "Invalid interval_count: must be at least 1");
      }
    }
    String lookupKey = p.string("lookup_key").filter(s -> !s.isEmpty()).orElse(null);
    if (lookupKey != null) {
      boolean transfer = p.bool("transfer_lookup_key").orElse(false);
      for (Price other : store.prices.values()) {
        if (lookupKey.equals(other.lookupKey)) {
          if (!transfer) {
            throw StripeError.invalid(
                "lookup_key", "A price (`" + other.id + "`) already uses that lookup key.");
          }
          other.lookupKey = null;
        }
      }
    }
    Price price =
        new Price(
            Ids.next("price"),
            store.now(),
            productId,
            currency,
            amount,
            interval,
            intervalCount,
            p.string("nickname").orElse(null),
            Metadata.of(p),
            lookupKey);
    price.active = p.bool("active").orElse(true);
    store.prices.put(price.id, price);
    store.events.emit("price.created", json.price(price), null, store.now());
    return json.price(price);
  }

  private String productOf(Params p) {
    if (p.has("product")) {
      return store.product(p.required("product"), "product").id;
    }
    Params data = p.nested("product_data");
    if (data.isEmpty()) {
      throw StripeError.missingParam("product");
    }
    Product product =
        new Product(Ids.next("prod"), store.now(), data.required("name"), Metadata.of(data));
    store.products.put(product.id, product);
    return product.id;
  }

  ObjectNode retrievePrice(ApiRequest request) {
    return json.price(store.price(request.id(), "id"));
  }

  ObjectNode listPrices(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly(
                "lookup_keys",
                "active",
                "product",
                "type",
                "currency",
                "limit",
                "starting_after",
                "ending_before",
                "expand");
    List<String> lookupKeys = p.list("lookup_keys");
    Predicate<Price> filter =
        price ->
            (lookupKeys.isEmpty() || lookupKeys.contains(price.lookupKey))
                && p.bool("active").map(a -> a == price.active).orElse(true)
                && p.string("product").map(price.product::equals).orElse(true)
                && p.string("currency").map(price.currency::equals).orElse(true)
                && p.string("type")
                    .map(t -> t.equals(price.recurring() ? "recurring" : "one_time"))
                    .orElse(true);
    List<Price> prices =
        SandboxStore.newestFirst(store.prices.values()).stream().filter(filter).toList();
    return json.page("/v1/prices", prices, price -> price.id, json::price, p);
  }

  /** Stripe's search language, for the fields prices are found by: {@code a:'x' AND b:'y'}. */
  ObjectNode searchPrices(ApiRequest request) {
    Params p = request.params().allowOnly("query", "limit", "page", "expand");
    String query = p.required("query");
    List<Predicate<Price>> clauses = new ArrayList<>();
    for (String clause : query.split("(?i)\\s+AND\\s+")) {
      Matcher m = SEARCH_CLAUSE.matcher(clause);
      if (!m.matches()) {
        throw StripeError.invalid(
            "query",
            "The sandbox searches prices by lookup_key, active, product, currency and metadata"
                + " joined with AND; it cannot read: "
                + clause.trim());
      }
      String value = m.group(3);
      clauses.add(
          switch (m.group(1)) {
            case "lookup_key" -> price -> value.equals(price.lookupKey);
            case "active" -> price -> Boolean.toString(price.active).equals(value);
            case "product" -> price -> value.equals(price.product);
            case "currency" -> price -> value.equalsIgnoreCase(price.currency);
            default -> {
              String key = m.group(2);
              yield price -> value.equals(price.metadata.get(key));
            }
          });
    }
    long limit = Page.limit(p);
    List<Price> matches =
        SandboxStore.newestFirst(store.prices.values()).stream()
            .filter(price -> clauses.stream().allMatch(c -> c.test(price)))
            .toList();
    ObjectNode result = json.mapper().createObjectNode();
    result.put("object", "search_result");
    var data = result.putArray("data");
    matches.stream().limit(limit).map(json::price).forEach(data::add);
    // Search pages are not supported beyond the first; has_more tells the caller there is more.
    result.put("has_more", matches.size() > limit);
    result.putNull("next_page");
    result.put("url", "/v1/prices/search");
    return result;
  }
}

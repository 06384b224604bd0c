package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/checkout/sessions} (subscription mode) and {@code /v1/billing_portal/sessions}. */
final class CheckoutApi {
  static final long SESSION_LIFETIME = 24 * 3600;
  private static final Set<String> EXPANDABLE = Set.of("customer", "subscription", "line_items");

  /** Stripe's bounds on a session's {@code expires_at}: 30 minutes to 24 hours from now. */
  static final long MIN_SESSION_LIFETIME = 30 * 60;

  private final SandboxStore store;
  private final StripeJson json;
  private final Map<String, Integer> promotionCodes;

  CheckoutApi(SandboxStore store, StripeJson json) {
    this(store, json, Map.of());
  }

  /** {@code promotionCodes}: the codes customers may use, with their percentage off. */
  CheckoutApi(SandboxStore store, StripeJson json, Map<String, Integer> promotionCodes) {
    this.store = store;
    this.json = json;
    this.promotionCodes = Map.copyOf(promotionCodes);
  }

  /** The id of a promotion code: {@code promo_<CODE>}. */
  static String promotionCodeId(String code) {
    return "promo_" + code;
  }

  /**
   * {@code GET /v1/promotion_codes?code=…&active=true}: the sandbox's codes (all active, each with
   * a coupon of its percentage off), matched case-insensitively as Stripe does.
   */
  ObjectNode listPromotionCodes(ApiRequest request) {
    Params p = request.params().allowOnly("code", "active", "limit");
    Optional<String> wanted = p.string("code").map(c -> c.trim().toUpperCase(Locale.ROOT));
    boolean activeOnly = p.bool("active").orElse(false);
    boolean inactiveOnly = p.has("active") && !activeOnly;
    List<ObjectNode> data = new ArrayList<>();
    if (!inactiveOnly) {
      promotionCodes.forEach(
          (code, percentOff) -> {
            if (wanted.map(code::equals).orElse(true)) {
              data.add(json.promotionCode(promotionCodeId(code), code, percentOff));
            }
          });
    }
    return json.list("/v1/promotion_codes", data, false);
  }

  ObjectNode createSession(ApiRequest request) {
    Params p =
        request
            .params()
            .allowOnly(
                "mode",
                "customer",
                "customer_email",
                "client_reference_id",
                "line_items",
                "metadata",
                "subscription_data",
                "success_url",
                "cancel_url",
                "allow_promotion_codes",
                "discounts",
                "expires_at",
                "expand");
    Set<String> expand = request.expand(EXPANDABLE);
    String mode = p.required("mode");
    if (!"subscription".equals(mode)) {
      throw StripeError.invalid(
          "mode", "The sandbox supports Checkout in subscription mode only (got '" + mode + "').");
    }
    String customer = p.string("customer").filter(s -> !s.isEmpty()).orElse(null);
    if (customer != null) {
      store.customer(customer, "customer");
    }
    String customerEmail = p.string("customer_email").filter(s -> !s.isEmpty()).orElse(null);
    if (customer != null && customerEmail != null) {
      throw StripeError.invalid(
          "customer_email",
          "You may only specify one of these parameters: customer, customer_email.");
    }
    if (p.nested("line_items[0]").isEmpty()) {
      throw StripeError.missingParam("line_items");
    }
    if (p.has("line_items[1][price]")) {
      throw StripeError.invalid("line_items", "The sandbox sells one price per Checkout session.");
    }
    Params item = p.nested("line_items[0]");
    Price price = store.price(item.required("price"), "line_items[0][price]");
    if (!price.recurring() || !price.active) {
      throw StripeError.invalid(
          "line_items[0][price]",
          "The price `" + price.id + "` must be active and recurring in subscription mode.");
    }
    long quantity = item.longValue("quantity").orElse(1L);
    if (quantity < 1) {
      throw StripeError.invalid("line_items[0][quantity]", "Quantity must be at least 1.");
    }
    Params subscriptionData = p.nested("subscription_data");
    subscriptionData.allowOnly("metadata", "trial_period_days");
    Long trialDays = subscriptionData.longValue("trial_period_days").orElse(null);
    if (trialDays != null && (trialDays < 1 || trialDays > 730)) {
      throw StripeError.invalid(
          "subscription_data[trial_period_days]", "Trial period days must be between 1 and 730.");
    }
    String successUrl = url(p, "success_url");
    String cancelUrl = url(p, "cancel_url");
    long now = store.now();
    boolean allowPromotionCodes = p.bool("allow_promotion_codes").orElse(false);
    String discountCode = discountCode(p, allowPromotionCodes);
    long expiresAt = p.longValue("expires_at").orElse(now + SESSION_LIFETIME);
    if (expiresAt < now + MIN_SESSION_LIFETIME || expiresAt > now + SESSION_LIFETIME) {
      throw StripeError.invalid(
          "expires_at",
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout"
              + " Session creation.");
    }
    CheckoutSession session =
        new CheckoutSession(
            Ids.next("cs_test"),
            now,
            expiresAt,
            customer,
            customerEmail,
            price.id,
            quantity,
            p.string("client_reference_id").filter(s -> !s.isEmpty()).orElse(null),
            Metadata.of(p),
            Metadata.of(subscriptionData),
            trialDays,
            successUrl,
            cancelUrl,
            allowPromotionCodes);
    session.discountCode = discountCode;
    store.checkoutSessions.put(session.id, session);
    return json.checkoutSession(session, expand);
  }

  /**
   * The code of {@code discounts[0][promotion_code]}, or null. Stripe refuses it together with
   * {@code allow_promotion_codes}, and an unknown promotion code.
   */
  private String discountCode(Params p, boolean allowPromotionCodes) {
    Params discount = p.nested("discounts[0]");
    if (discount.isEmpty()) {
      return null;
    }
    if (allowPromotionCodes) {
      throw StripeError.invalid(
          "discounts",
          "You may only specify one of these parameters: allow_promotion_codes, discounts.");
    }
    discount.allowOnly("promotion_code");
    String id = discount.required("promotion_code");
    return promotionCodes.keySet().stream()
        .filter(code -> promotionCodeId(code).equals(id))
        .findFirst()
        .orElseThrow(
            () -> StripeError.missing("promotion code", id, "discounts[0][promotion_code]"));
  }

  ObjectNode retrieveSession(ApiRequest request) {
    Set<String> expand = request.expand(EXPANDABLE);
    return json.checkoutSession(store.checkoutSession(request.id(), "id"), expand);
  }

  ObjectNode createPortalSession(ApiRequest request) {
    Params p = request.params().allowOnly("customer", "return_url", "expand");
    Customer customer = store.customer(p.required("customer"), "customer");
    PortalSession session =
        new PortalSession(Ids.next("bps"), store.now(), customer.id, url(p, "return_url"));
    store.portalSessions.put(session.id(), session);
    return json.portalSession(session);
  }

  private static String url(Params p, String name) {
    String value = p.string(name).filter(s -> !s.isEmpty()).orElse(null);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value.replace("{CHECKOUT_SESSION_ID}", "x"));
      if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()))
          || uri.getHost() == null) {
        throw StripeError.invalid(name, "Not a valid URL");
      }
      return value;
    } catch (URISyntaxException e) {
      throw StripeError.invalid(name, "Not a valid URL");
    }
  }
}

package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/** {@code /v1/checkout/sessions} (subscription mode) and {@code /v1/billing_portal/sessions}. */
final class CheckoutApi {
  static final long SESSION_LIFETIME = 24 * 3600;
  private static final Set<String> EXPANDABLE = Set.of("customer", "subscription", "line_items");

  private final SandboxStore store;
  private final StripeJson json;

  CheckoutApi(SandboxStore store, StripeJson json) {
    this.store = store;
    this.json = json;
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
    CheckoutSession session =
        new CheckoutSession(
            Ids.next("cs_test"),
            now,
            now + SESSION_LIFETIME,
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
            p.bool("allow_promotion_codes").orElse(false));
    store.checkoutSessions.put(session.id, session);
    return json.checkoutSession(session, expand);
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

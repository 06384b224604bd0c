package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders the sandbox's objects as JSON of API version 2026-07-29.dahlia (the shapes of Stripe's
 * published fixtures for that version): the current period on the subscription item, an invoice's
 * subscription under {@code parent.subscription_details}. Call under the store's lock.
 */
final class StripeJson {
  private final ObjectMapper mapper;
  private final SandboxStore store;

  StripeJson(ObjectMapper mapper, SandboxStore store) {
    this.mapper = mapper;
    this.store = store;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  ObjectNode customer(Customer c) {
    ObjectNode o = object(c.id, "customer");
    o.putNull("address");
    o.put("balance", 0);
    o.put("created", c.created);
    o.putNull("currency");
    o.putNull("default_source");
    o.put("delinquent", false);
    o.putNull("description");
    o.put("email", c.email);
    o.put("invoice_prefix", c.id.substring(4, 12).toUpperCase(Locale.ROOT));
    ObjectNode settings = o.putObject("invoice_settings");
    settings.putNull("custom_fields");
    settings.put("default_payment_method", c.card == null ? null : c.card.id());
    settings.putNull("footer");
    settings.putNull("rendering_options");
    o.put("livemode", false);
    o.set("metadata", metadata(c.metadata));
    o.put("name", c.name);
    o.putNull("phone");
    o.putArray("preferred_locales");
    o.putNull("shipping");
    o.put("tax_exempt", "none");
    o.putNull("test_clock");
    return o;
  }

  ObjectNode product(Product p) {
    ObjectNode o = object(p.id, "product");
    o.put("active", p.active);
    o.put("created", p.created);
    o.putNull("default_price");
    o.put("description", p.description);
    o.putArray("images");
    o.put("livemode", false);
    o.putArray("marketing_features");
    o.set("metadata", metadata(p.metadata));
    o.put("name", p.name);
    o.putNull("package_dimensions");
    o.putNull("shippable");
    o.putNull("statement_descriptor");
    o.putNull("tax_code");
    o.put("type", "service");
    o.putNull("unit_label");
    o.put("updated", p.created);
    o.putNull("url");
    return o;
  }

  ObjectNode price(Price p) {
    ObjectNode o = object(p.id, "price");
    o.put("active", p.active);
    o.put("billing_scheme", "per_unit");
    o.put("created", p.created);
    o.put("currency", p.currency);
    o.putNull("custom_unit_amount");
    o.put("livemode", false);
    o.put("lookup_key", p.lookupKey);
    o.set("metadata", metadata(p.metadata));
    o.put("nickname", p.nickname);
    o.put("product", p.product);
    if (p.recurring()) {
      ObjectNode recurring = o.putObject("recurring");
      recurring.put("interval", p.interval);
      recurring.put("interval_count", p.intervalCount);
      recurring.putNull("meter");
      recurring.putNull("trial_period_days");
      recurring.put("usage_type", "licensed");
    } else {
      o.putNull("recurring");
    }
    o.put("tax_behavior", "unspecified");
    o.putNull("tiers_mode");
    o.putNull("transform_quantity");
    o.put("type", p.recurring() ? "recurring" : "one_time");
    o.put("unit_amount", p.unitAmount);
    o.put("unit_amount_decimal", Long.toString(p.unitAmount));
    return o;
  }

  ObjectNode subscription(Subscription s, Set<String> expand) {
    Price price = store.prices.get(s.priceId);
    ObjectNode o = object(s.id, "subscription");
    o.putNull("application");
    o.put("billing_cycle_anchor", s.billingCycleAnchor);
    o.putObject("billing_mode").put("type", "classic");
    o.put("cancel_at", s.cancelAt);
    o.put("cancel_at_period_end", s.cancelAtPeriodEnd);
    o.put("canceled_at", s.canceledAt);
    ObjectNode details = o.putObject("cancellation_details");
    details.putNull("comment");
    details.putNull("feedback");
    details.put("reason", s.cancellationReason);
    o.put("collection_method", "charge_automatically");
    o.put("created", s.created);
    o.put("currency", price.currency);
    o.set(
        "customer",
        expand.contains("customer")
            ? customer(store.customers.get(s.customer))
            : mapper.getNodeFactory().textNode(s.customer));
    Customer customer = store.customers.get(s.customer);
    o.put("default_payment_method", customer.card == null ? null : customer.card.id());
    ArrayNode discounts = o.putArray("discounts");
    if (s.promotionCode != null) {
      discounts.add("di_" + s.id.substring(4));
    }
    o.put("ended_at", s.endedAt);
    ObjectNode item = mapper.createObjectNode();
    item.put("id", s.itemId);
    item.put("object", "subscription_item");
    item.put("created", s.created);
    item.put("current_period_end", s.periodEnd);
    item.put("current_period_start", s.periodStart);
    item.putArray("discounts");
    item.putObject("metadata");
    item.set("price", price(price));
    item.put("quantity", s.quantity);
    item.put("subscription", s.id);
    item.putArray("tax_rates");
    o.set("items", list("/v1/subscription_items?subscription=" + s.id, List.of(item), false));
    String latest = s.latestInvoice;
    o.set(
        "latest_invoice",
        latest != null && expand.contains("latest_invoice")
            ? invoice(store.invoices.get(latest))
            : mapper.getNodeFactory().textNode(latest));
    o.put("livemode", false);
    o.set("metadata", metadata(s.metadata));
    o.putNull("pending_update");
    o.put("start_date", s.startDate);
    o.put("status", s.status);
    o.putNull("test_clock");
    o.put("trial_end", s.trialEnd);
    o.put("trial_start", s.trialStart);
    return o;
  }

  ObjectNode invoice(Invoice i) {
    ObjectNode o = object(i.id, "invoice");
    o.put("account_country", "US");
    o.put("amount_due", i.amountDue);
    o.put("amount_paid", i.amountPaid);
    o.put("amount_remaining", i.amountDue - i.amountPaid);
    o.put("attempt_count", i.attemptCount);
    o.put("attempted", i.attemptCount > 0);
    o.put("billing_reason", i.billingReason);
    o.put("collection_method", "charge_automatically");
    o.put("created", i.created);
    o.put("currency", i.currency);
    o.put("customer", i.customer);
    ArrayNode lines = mapper.createArrayNode();
    for (InvoiceLine line : i.lines) {
      ObjectNode l = lines.addObject();
      l.put("id", line.id());
      l.put("object", "line_item");
      l.put("amount", line.amount());
      l.put("currency", i.currency);
      l.put("description", line.description());
      l.put("invoice", i.id);
      l.put("livemode", false);
      l.putObject("metadata");
      ObjectNode period = l.putObject("period");
      period.put("end", line.periodEnd());
      period.put("start", line.periodStart());
      ObjectNode pricing = l.putObject("pricing");
      pricing.put("type", "price_details");
      pricing.putObject("price_details").put("price", line.priceId());
      l.put("quantity", 1);
      ObjectNode parent = l.putObject("parent");
      parent.put("type", "subscription_item_details");
      parent.putNull("invoice_item_details");
      ObjectNode itemDetails = parent.putObject("subscription_item_details");
      itemDetails.putNull("invoice_item");
      itemDetails.put("proration", line.proration());
      itemDetails.put("subscription", i.subscription);
      itemDetails.put("subscription_item", store.subscriptions.get(i.subscription).itemId);
    }
    o.set("lines", list("/v1/invoices/" + i.id + "/lines", lines, false));
    o.put("livemode", false);
    o.putObject("metadata");
    o.put("next_payment_attempt", i.nextPaymentAttempt);
    ObjectNode parent = o.putObject("parent");
    parent.put("type", "subscription_details");
    parent.putNull("quote_details");
    ObjectNode details = parent.putObject("subscription_details");
    details.set("metadata", metadata(i.subscriptionMetadata));
    details.put("subscription", i.subscription);
    o.put("period_end", i.periodEnd);
    o.put("period_start", i.periodStart);
    o.put("status", i.status);
    o.put("subtotal", i.subtotal());
    ArrayNode discounts = o.putArray("total_discount_amounts");
    if (i.discount > 0) {
      discounts.addObject().put("amount", i.discount);
    }
    o.put("total", i.amountDue);
    return o;
  }

  ObjectNode checkoutSession(CheckoutSession cs, Set<String> expand) {
    Price price = store.prices.get(cs.priceId);
    ObjectNode o = object(cs.id, "checkout.session");
    o.putNull("after_expiration");
    o.put("allow_promotion_codes", cs.allowPromotionCodes);
    long subtotal = price.unitAmount * cs.quantity;
    o.put("amount_subtotal", subtotal);
    o.put("amount_total", cs.amountTotal == null ? subtotal : cs.amountTotal);
    o.put("cancel_url", cs.cancelUrl);
    o.put("client_reference_id", cs.clientReferenceId);
    o.put("created", cs.created);
    o.put("currency", price.currency);
    o.set(
        "customer",
        cs.customer != null && expand.contains("customer")
            ? customer(store.customers.get(cs.customer))
            : mapper.getNodeFactory().textNode(cs.customer));
    Customer customer = cs.customer == null ? null : store.customers.get(cs.customer);
    String email = customer != null && customer.email != null ? customer.email : cs.customerEmail;
    if (email != null || customer != null) {
      ObjectNode details = o.putObject("customer_details");
      details.put("email", email);
      details.put("name", customer == null ? null : customer.name);
    } else {
      o.putNull("customer_details");
    }
    o.put("customer_email", cs.customerEmail);
    o.put("expires_at", cs.expiresAt);
    if (expand.contains("line_items")) {
      ObjectNode item = mapper.createObjectNode();
      item.put("id", "li_" + cs.id.substring(8, 32));
      item.put("object", "item");
      item.put("amount_subtotal", subtotal);
      item.put("amount_total", subtotal);
      item.put("currency", price.currency);
      item.put("description", store.products.get(price.product).name);
      item.set("price", price(price));
      item.put("quantity", cs.quantity);
      o.set(
          "line_items",
          list("/v1/checkout/sessions/" + cs.id + "/line_items", List.of(item), false));
    }
    o.put("livemode", false);
    o.set("metadata", metadata(cs.metadata));
    o.put("mode", "subscription");
    o.put("payment_status", cs.paymentStatus);
    o.put("status", cs.status);
    o.set(
        "subscription",
        cs.subscription != null && expand.contains("subscription")
            ? subscription(store.subscriptions.get(cs.subscription), Set.of())
            : mapper.getNodeFactory().textNode(cs.subscription));
    o.put("success_url", cs.successUrl);
    ObjectNode totals = o.putObject("total_details");
    totals.put("amount_discount", cs.amountDiscount == null ? 0 : cs.amountDiscount);
    totals.put("amount_shipping", 0);
    totals.put("amount_tax", 0);
    o.put("ui_mode", "hosted");
    o.put("url", "open".equals(cs.status) ? store.baseUrl() + CheckoutPage.path(cs.id) : null);
    return o;
  }

  ObjectNode portalSession(PortalSession ps) {
    ObjectNode o = object(ps.id(), "billing_portal.session");
    o.put("configuration", "bpc_sandbox_default");
    o.put("created", ps.created());
    o.put("customer", ps.customer());
    o.putNull("flow");
    o.put("livemode", false);
    o.putNull("locale");
    o.putNull("on_behalf_of");
    o.put("return_url", ps.returnUrl());
    o.put("url", store.baseUrl() + PortalPage.path(ps.id()));
    return o;
  }

  /** A promotion code object: active, with a coupon of {@code percentOff} % forever. */
  ObjectNode promotionCode(String id, String code, int percentOff) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", id);
    o.put("object", "promotion_code");
    o.put("active", true);
    o.put("code", code);
    ObjectNode coupon = o.putObject("coupon");
    coupon.put("id", "coupon_" + code);
    coupon.put("object", "coupon");
    coupon.put("duration", "forever");
    coupon.put("percent_off", percentOff);
    coupon.put("valid", true);
    o.put("livemode", false);
    o.putObject("metadata");
    return o;
  }

  /** A list object of Stripe's shape. */
  ObjectNode list(String url, List<? extends JsonNode> data, boolean hasMore) {
    ArrayNode array = mapper.createArrayNode();
    data.forEach(array::add);
    return list(url, array, hasMore);
  }

  private ObjectNode list(String url, ArrayNode data, boolean hasMore) {
    ObjectNode o = mapper.createObjectNode();
    o.put("object", "list");
    o.set("data", data);
    o.put("has_more", hasMore);
    o.put("url", url);
    return o;
  }

  /** One page of {@code objects} (newest first) as a Stripe list, by limit and cursor. */
  <T> ObjectNode page(
      String url,
      List<T> objects,
      Function<T, String> id,
      Function<T, ObjectNode> render,
      Params p) {
    Page<T> page = Page.of(objects, id, p);
    return list(url, page.items().stream().map(render).toList(), page.hasMore());
  }

  ObjectNode error(StripeError e) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode error = root.putObject("error");
    if (e.code() != null) {
      error.put("code", e.code());
    }
    if (e.declineCode() != null) {
      error.put("decline_code", e.declineCode());
    }
    error.put("message", e.getMessage());
    if (e.param() != null) {
      error.put("param", e.param());
    }
    error.put("type", e.type());
    return root;
  }

  private ObjectNode metadata(Map<String, String> metadata) {
    ObjectNode o = mapper.createObjectNode();
    metadata.forEach(o::put);
    return o;
  }

  private ObjectNode object(String id, String type) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", id);
    o.put("object", type);
    return o;
  }
}

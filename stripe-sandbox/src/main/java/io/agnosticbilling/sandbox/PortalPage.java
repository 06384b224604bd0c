package io.agnosticbilling.sandbox;

import static io.agnosticbilling.sandbox.Html.escape;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hosted Customer Portal: the customer's subscription with change plan, cancel at period end,
 * cancel now, resume and update card, and the link back to the app. Changes emit the same events as
 * the API.
 */
final class PortalPage {
  private static final Map<String, String> DONE =
      Map.of(
          "change", "Your plan was changed.",
          "cancel", "Your subscription will end at the end of the period.",
          "cancel_now", "Your subscription was canceled.",
          "resume", "Your subscription will continue.",
          "card", "Your card was updated.");

  private final SandboxStore store;
  private final SubscriptionLifecycle lifecycle;

  PortalPage(SandboxStore store, SubscriptionLifecycle lifecycle) {
    this.store = store;
    this.lifecycle = lifecycle;
  }

  static String path(String sessionId) {
    return "/p/session/" + sessionId;
  }

  void register(Javalin app) {
    app.get("/p/session/{id}", this::show);
    app.post("/p/session/{id}", this::act);
  }

  private void show(Context ctx) {
    String id = ctx.pathParam("id");
    String notice = DONE.get(String.valueOf(ctx.queryParam("done")));
    Optional<String> html = store.read(() -> portalHtml(id, notice, null));
    Html.render(ctx, html.isPresent() ? 200 : 404, "Manage billing", html.orElse(notFound()));
  }

  private void act(Context ctx) {
    String id = ctx.pathParam("id");
    String action = String.valueOf(ctx.formParam("action"));
    String subscriptionId = ctx.formParam("subscription");
    String priceId = ctx.formParam("price");
    String card = ctx.formParam("card_number");
    Optional<String> refusal = store.write(() -> apply(id, action, subscriptionId, priceId, card));
    if (refusal.isEmpty()) {
      ctx.redirect(path(id) + "?done=" + action, HttpStatus.SEE_OTHER);
      return;
    }
    Optional<String> html = store.read(() -> portalHtml(id, null, refusal.get()));
    Html.render(ctx, html.isPresent() ? 400 : 404, "Manage billing", html.orElse(notFound()));
  }

  /** Applies one Portal action; the refusal message when it cannot be done. */
  private Optional<String> apply(
      String sessionId, String action, String subscriptionId, String priceId, String cardNumber) {
    PortalSession session = store.portalSessions.get(sessionId);
    if (session == null) {
      return Optional.of("This Portal session does not exist.");
    }
    Customer customer = store.customers.get(session.customer());
    if ("card".equals(action)) {
      TestCards.Outcome outcome = TestCards.attach(cardNumber);
      if (outcome instanceof TestCards.Declined declined) {
        return Optional.of(declined.message());
      }
      customer.card = ((TestCards.Attached) outcome).card();
      lifecycle.cardUpdated(customer);
      return Optional.empty();
    }
    Subscription s = store.subscriptions.get(String.valueOf(subscriptionId));
    if (s == null || !s.customer.equals(customer.id) || s.ended()) {
      return Optional.of("This subscription cannot be changed here.");
    }
    switch (action) {
      case "change" -> {
        Price price = store.prices.get(String.valueOf(priceId));
        if (price == null || !price.active || !price.recurring()) {
          return Optional.of("This plan is not available.");
        }
        lifecycle.update(s, () -> lifecycle.changePrice(s, price, "create_prorations"));
      }
      case "cancel" -> lifecycle.update(s, () -> lifecycle.cancelAtPeriodEnd(s, true));
      case "resume" -> lifecycle.update(s, () -> lifecycle.cancelAt(s, null));
      case "cancel_now" -> lifecycle.cancelNow(s, "cancellation_requested");
      default -> {
        return Optional.of("Unknown action.");
      }
    }
    return Optional.empty();
  }

  private Optional<String> portalHtml(String id, String notice, String error) {
    PortalSession session = store.portalSessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Customer customer = store.customers.get(session.customer());
    StringBuilder body = new StringBuilder("<main class=\"card\">");
    body.append("<h1>Manage billing</h1><p class=\"muted\">")
        .append(escape(customer.email != null ? customer.email : customer.id))
        .append("</p>");
    if (notice != null) {
      body.append("<p class=\"notice\" role=\"status\" data-testid=\"portal-notice\">")
          .append(escape(notice))
          .append("</p>");
    }
    if (error != null) {
      body.append("<p class=\"error\" role=\"alert\" data-testid=\"portal-error\">")
          .append(escape(error))
          .append("</p>");
    }
    List<Subscription> live =
        SandboxStore.newestFirst(store.subscriptions.values()).stream()
            .filter(s -> s.customer.equals(customer.id) && !s.ended())
            .toList();
    if (live.isEmpty()) {
      body.append("<p data-testid=\"portal-no-subscription\">No current subscription.</p>");
    }
    for (Subscription s : live) {
      body.append(subscriptionHtml(id, s));
    }
    body.append("<section><h2>Payment method</h2><p data-testid=\"portal-card\">")
        .append(
            customer.card == null
                ? "No card on file."
                : escape(customer.card.brand() + " ending in " + customer.card.last4()))
        .append("</p><form method=\"post\" class=\"row\" data-once>")
        .append(Html.hidden("action", "card"))
        .append(
            "<label>New card number<input name=\"card_number\" inputmode=\"numeric\" required"
                + " data-testid=\"portal-card-number\"></label>")
        .append(Html.button("portal-update-card", "Update card", "secondary"))
        .append("</form></section>");
    if (session.returnUrl() != null) {
      body.append("<p><a data-testid=\"portal-return\" href=\"")
          .append(escape(session.returnUrl()))
          .append("\">← Return to the app</a></p>");
    }
    return Optional.of(body.append("</main>").toString());
  }

  private String subscriptionHtml(String sessionId, Subscription s) {
    Price price = store.prices.get(s.priceId);
    Product product = store.products.get(price.product);
    StringBuilder html = new StringBuilder("<section data-testid=\"portal-subscription\">");
    html.append("<h2>Current plan</h2><p class=\"price\">")
        .append(escape(product == null ? price.id : product.name))
        .append(" · ")
        .append(escape(Html.money(price.unitAmount * s.quantity, price.currency)))
        .append(' ')
        .append(escape(Html.interval(price)))
        .append("</p><p data-testid=\"portal-status\">Status: ")
        .append(escape(s.status.replace('_', ' ')));
    if (s.cancelAt != null) {
      html.append(" · ends on ").append(Html.date(s.cancelAt));
    } else if ("trialing".equals(s.status)) {
      html.append(" · trial ends on ").append(Html.date(s.trialEnd));
    } else {
      html.append(" · renews on ").append(Html.date(s.periodEnd));
    }
    html.append("</p><div class=\"row\">");
    if (s.cancelAt == null) {
      html.append(
          action(sessionId, s, "cancel", "portal-cancel", "Cancel at period end", "secondary"));
    } else {
      html.append(
          action(sessionId, s, "resume", "portal-resume", "Resume subscription", "primary"));
    }
    html.append(action(sessionId, s, "cancel_now", "portal-cancel-now", "Cancel now", "danger"))
        .append("</div>");
    StringBuilder plans = new StringBuilder();
    for (Price other : store.prices.values()) {
      if (!other.active
          || !other.recurring()
          || other.lookupKey == null
          || other.id.equals(price.id)) {
        continue;
      }
      Product otherProduct = store.products.get(other.product);
      String planId = PlanNames.planId(other, otherProduct);
      plans
          .append("<form method=\"post\" class=\"plan\" data-once>")
          .append(Html.hidden("action", "change"))
          .append(Html.hidden("subscription", s.id))
          .append(Html.hidden("price", other.id))
          .append("<span>")
          .append(escape(otherProduct == null ? other.id : otherProduct.name))
          .append(" · ")
          .append(escape(Html.money(other.unitAmount, other.currency)))
          .append(' ')
          .append(escape(Html.interval(other)))
          .append("</span>")
          .append(Html.button("portal-change-" + planId, "Switch", "secondary"))
          .append("</form>");
    }
    if (plans.length() > 0) {
      html.append("<h3>Change plan</h3>").append(plans);
    }
    return html.append("</section>").toString();
  }

  private static String action(
      String sessionId, Subscription s, String action, String testId, String label, String css) {
    return "<form method=\"post\" action=\""
        + escape(path(sessionId))
        + "\" data-once>"
        + Html.hidden("action", action)
        + Html.hidden("subscription", s.id)
        + Html.button(testId, label, css)
        + "</form>";
  }

  private static String notFound() {
    return "<main class=\"card narrow\"><h1>Not found</h1>"
        + "<p>This Portal session does not exist.</p></main>";
  }
}

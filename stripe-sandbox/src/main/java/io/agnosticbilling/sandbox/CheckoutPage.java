package io.agnosticbilling.sandbox;

import static io.agnosticbilling.sandbox.Html.escape;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Map;

/**
 * The hosted Checkout page: shows the plan, price, trial and a promotion-code field, takes a test
 * card and, when it is accepted, creates the subscription and sends the browser to the session's
 * success URL. A declined card or an unknown code changes nothing and says why.
 */
final class CheckoutPage {
  private final SandboxStore store;
  private final SubscriptionLifecycle lifecycle;
  private final Map<String, Integer> promotionCodes;

  CheckoutPage(SandboxStore store, SubscriptionLifecycle lifecycle, Map<String, Integer> codes) {
    this.store = store;
    this.lifecycle = lifecycle;
    this.promotionCodes = codes;
  }

  static String path(String sessionId) {
    return "/c/pay/" + sessionId;
  }

  void register(Javalin app) {
    app.get("/c/pay/{id}", this::show);
    app.post("/c/pay/{id}", this::pay);
  }

  private sealed interface Outcome permits Paid, Refused {}

  private record Paid(String redirect) implements Outcome {}

  private record Refused(int status, String message) implements Outcome {}

  private void show(Context ctx) {
    String id = ctx.pathParam("id");
    String html = store.read(() -> sessionHtml(id, null, "", ""));
    Html.render(ctx, html == null ? 404 : 200, "Checkout", html == null ? notFound() : html);
  }

  private void pay(Context ctx) {
    String id = ctx.pathParam("id");
    String card = ctx.formParam("card_number");
    String email = ctx.formParam("email");
    String code = ctx.formParam("promo_code");
    Outcome outcome = store.write(() -> attempt(id, card, email, code));
    if (outcome instanceof Paid paid) {
      ctx.redirect(paid.redirect(), HttpStatus.SEE_OTHER);
    } else if (outcome instanceof Refused refused) {
      String html =
          store.read(
              () ->
                  sessionHtml(
                      id, refused.message(), email == null ? "" : email, code == null ? "" : code));
      Html.render(
          ctx, html == null ? 404 : refused.status(), "Checkout", html == null ? notFound() : html);
    }
  }

  private Outcome attempt(String id, String cardNumber, String email, String rawCode) {
    CheckoutSession session = store.checkoutSessions.get(id);
    if (session == null) {
      return new Refused(404, "This Checkout session does not exist.");
    }
    if ("complete".equals(session.status)) {
      // A second submit (double click, back button) lands where the first one did.
      return new Paid(successUrl(session));
    }
    if (!"open".equals(session.status) || store.now() >= session.expiresAt) {
      return new Refused(410, "This Checkout session has expired. Go back and start again.");
    }
    Integer percentOff = null;
    String code = rawCode == null ? "" : rawCode.trim().toUpperCase(Locale.ROOT);
    if (code.isEmpty() && session.discountCode != null) {
      // Applied by the merchant when the session was created; the customer types nothing.
      code = session.discountCode;
    }
    if (!code.isEmpty()) {
      percentOff = promotionCodes.get(code);
      if (percentOff == null) {
        return new Refused(400, "This code is invalid.");
      }
    }
    boolean needsEmail = session.customer == null && session.customerEmail == null;
    String address = needsEmail ? (email == null ? "" : email.trim()) : session.customerEmail;
    if (needsEmail && !address.matches("[^@\\s]+@[^@\\s]+")) {
      return new Refused(400, "Enter a valid email address.");
    }
    TestCards.Outcome card = TestCards.attach(cardNumber);
    if (card instanceof TestCards.Declined declined) {
      return new Refused(402, declined.message());
    }
    lifecycle.completeCheckout(
        session,
        ((TestCards.Attached) card).card(),
        address,
        percentOff,
        code.isEmpty() ? null : code);
    return new Paid(successUrl(session));
  }

  private static String successUrl(CheckoutSession session) {
    return session.successUrl == null
        ? path(session.id)
        : session.successUrl.replace("{CHECKOUT_SESSION_ID}", session.id);
  }

  private String sessionHtml(String id, String error, String email, String code) {
    CheckoutSession session = store.checkoutSessions.get(id);
    if (session == null) {
      return null;
    }
    Price price = store.prices.get(session.priceId);
    Product product = store.products.get(price.product);
    StringBuilder body = new StringBuilder("<main class=\"card narrow\">");
    body.append("<p class=\"muted\">Subscribe to</p><h1 data-testid=\"checkout-plan\">")
        .append(escape(product == null ? price.id : product.name))
        .append("</h1>");
    String amount = Html.money(price.unitAmount * session.quantity, price.currency);
    if (session.trialPeriodDays != null) {
      body.append("<p class=\"price\" data-testid=\"checkout-price\">")
          .append(session.trialPeriodDays)
          .append(" days free</p><p class=\"muted\" data-testid=\"checkout-trial\">Then ")
          .append(escape(amount))
          .append(' ')
          .append(escape(Html.interval(price)))
          .append(" after the trial</p>");
    } else {
      body.append("<p class=\"price\" data-testid=\"checkout-price\">")
          .append(escape(amount))
          .append(" <span class=\"muted\">")
          .append(escape(Html.interval(price)))
          .append("</span></p>");
    }
    if ("complete".equals(session.status)) {
      body.append("<p class=\"notice\" data-testid=\"checkout-complete\">Payment complete.")
          .append(" You are subscribed.</p></main>");
      return body.toString();
    }
    if (!"open".equals(session.status)) {
      body.append(
          "<p class=\"error\" role=\"alert\">This Checkout session has expired.</p></main>");
      return body.toString();
    }
    if (error != null) {
      body.append("<p class=\"error\" role=\"alert\" data-testid=\"checkout-error\">")
          .append(escape(error))
          .append("</p>");
    }
    body.append("<form method=\"post\" action=\"")
        .append(escape(path(session.id)))
        .append("\" class=\"stack\" data-once>");
    if (session.customer == null && session.customerEmail == null) {
      body.append(
              "<label>Email<input name=\"email\" type=\"email\" autocomplete=\"email\" required"
                  + " data-testid=\"checkout-email\" value=\"")
          .append(escape(email))
          .append("\"></label>");
    }
    body.append(
            "<label>Card number<input name=\"card_number\" inputmode=\"numeric\""
                + " autocomplete=\"cc-number\" placeholder=\"4242 4242 4242 4242\" required"
                + " data-testid=\"checkout-card-number\"></label>"
                + "<div class=\"row\"><label>Expiry<input name=\"expiry\" placeholder=\"MM / YY\""
                + " autocomplete=\"cc-exp\"></label><label>CVC<input name=\"cvc\""
                + " placeholder=\"123\" autocomplete=\"cc-csc\"></label></div>"
                + "<label>Promotion code<input name=\"promo_code\" autocomplete=\"off\""
                + " data-testid=\"checkout-promo-code\" value=\"")
        .append(escape(code))
        .append("\"></label>")
        .append(
            Html.button(
                "checkout-pay",
                session.trialPeriodDays != null ? "Start trial" : "Pay " + amount,
                "primary"))
        .append("</form>");
    if (session.cancelUrl != null) {
      body.append("<p><a data-testid=\"checkout-cancel\" href=\"")
          .append(escape(session.cancelUrl))
          .append("\">← Cancel and go back</a></p>");
    }
    body.append(
        "<details class=\"muted\"><summary>Test cards</summary><ul>"
            + "<li>4242 4242 4242 4242: succeeds</li>"
            + "<li>4000 0000 0000 0002: declined</li>"
            + "<li>4000 0000 0000 9995: declined, insufficient funds</li>"
            + "<li>4000 0000 0000 0341: succeeds now, fails at the next renewal</li>"
            + "</ul></details></main>");
    return body.toString();
  }

  private static String notFound() {
    return "<main class=\"card narrow\"><h1>Not found</h1>"
        + "<p>This Checkout session does not exist.</p></main>";
  }
}

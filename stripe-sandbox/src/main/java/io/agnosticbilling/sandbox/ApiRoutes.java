package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1} HTTP surface: checks the API key and version, applies idempotency to POSTs,
 * decodes the form, runs the resource handler under the store's lock and answers JSON or Stripe's
 * error shape.
 */
final class ApiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

  private final String secretKey;
  private final SandboxStore store;
  private final StripeJson json;
  private final IdempotencyCache idempotency;

  ApiRoutes(String secretKey, SandboxStore store, StripeJson json, IdempotencyCache idempotency) {
    this.secretKey = secretKey;
    this.store = store;
    this.json = json;
    this.idempotency = idempotency;
  }

  void register(
      Javalin app,
      CustomerApi customers,
      CatalogApi catalog,
      CheckoutApi checkout,
      SubscriptionApi subscriptions) {
    app.post("/v1/customers", write(customers::create));
    app.get("/v1/customers/{id}", read(customers::retrieve));
    app.post("/v1/products", write(catalog::createProduct));
    app.get("/v1/products", read(catalog::listProducts));
    app.get("/v1/products/{id}", read(catalog::retrieveProduct));
    app.post("/v1/prices", write(catalog::createPrice));
    app.get("/v1/prices", read(catalog::listPrices));
    app.get("/v1/prices/search", read(catalog::searchPrices));
    app.get("/v1/prices/{id}", read(catalog::retrievePrice));
    app.post("/v1/checkout/sessions", write(checkout::createSession));
    app.get("/v1/checkout/sessions/{id}", read(checkout::retrieveSession));
    app.post("/v1/billing_portal/sessions", write(checkout::createPortalSession));
    app.get("/v1/promotion_codes", read(checkout::listPromotionCodes));
    app.get("/v1/subscriptions", read(subscriptions::list));
    app.get("/v1/subscriptions/{id}", read(subscriptions::retrieve));
    app.post("/v1/subscriptions/{id}", write(subscriptions::update));
    app.delete("/v1/subscriptions/{id}", write(subscriptions::cancel));
    app.get("/v1/invoices", read(subscriptions::listInvoices));
    app.get("/v1/invoices/{id}", read(subscriptions::retrieveInvoice));
    Handler unknown =
        ctx -> {
          throw new StripeError(
              404,
              "invalid_request_error",
              null,
              "Unrecognized request URL ("
                  + ctx.method()
                  + ": "
                  + ctx.path()
                  + "). The sandbox implements only the part of Stripe's API that Agnostic"
                  + " Billing uses; see docs/stripe-sandbox.md.",
              null);
        };
    app.get("/v1/<rest>", unknown);
    app.post("/v1/<rest>", unknown);
    app.delete("/v1/<rest>", unknown);
    app.exception(
        StripeError.class,
        (e, ctx) ->
            answer(ctx, new IdempotencyCache.Answer(e.status(), body(json.error(e)), false)));
  }

  private Handler read(ApiCall call) {
    return ctx -> {
      authenticate(ctx);
      ApiRequest request = new ApiRequest(ctx.pathParamMap(), Params.parse(ctx.queryString()));
      answer(
          ctx,
          new IdempotencyCache.Answer(200, body(store.read(() -> call.handle(request))), false));
    };
  }

  private Handler write(ApiCall call) {
    return ctx -> {
      authenticate(ctx);
      Params params = Params.parse(ctx.queryString(), ctx.body());
      ApiRequest request = new ApiRequest(ctx.pathParamMap(), params);
      String fingerprint = ctx.method() + " " + ctx.path() + " " + params.fingerprint();
      IdempotencyCache.Answer answer =
          idempotency.run(
              "POST".equals(ctx.method().name()) ? ctx.header("Idempotency-Key") : null,
              fingerprint,
              () -> {
                try {
                  return new IdempotencyCache.Answer(
                      200, body(store.write(() -> call.handle(request))), false);
                } catch (StripeError e) {
                  return new IdempotencyCache.Answer(e.status(), body(json.error(e)), false);
                }
              });
      answer(ctx, answer);
    };
  }

  private void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    String key = null;
    if (header != null && header.startsWith("Bearer ")) {
      key = header.substring("Bearer ".length()).trim();
    } else if (header != null && header.startsWith("Basic ")) {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      key = decoded.endsWith(":") ? decoded.substring(0, decoded.length() - 1) : decoded;
    }
    if (key == null || key.isEmpty()) {
      throw StripeError.authentication(
          "You did not provide an API key. You need to provide your API key in the Authorization"
              + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    if (!key.equals(secretKey)) {
      throw StripeError.authentication("Invalid API Key provided: " + masked(key));
    }
    String version = ctx.header("Stripe-Version");
    if (version != null && !version.equals(EventLog.API_VERSION)) {
      throw StripeError.invalid(
          "Stripe-Version",
          "The sandbox answers in API version "
              + EventLog.API_VERSION
              + " only; the request asked for "
              + version
              + ".");
    }
  }

  // Stripe shows the key's type and last four characters only.
  private static String masked(String key) {
    int cut = key.lastIndexOf('_') + 1;
    String tail = key.length() > 4 ? key.substring(key.length() - 4) : "";
    return key.substring(0, Math.min(cut, key.length()))
        + "*".repeat(Math.max(0, key.length() - cut - 4))
        + tail;
  }

  private void answer(Context ctx, IdempotencyCache.Answer answer) {
    ctx.status(answer.status());
    ctx.header("Request-Id", "req_" + Ids.random(14));
    ctx.header("Stripe-Version", EventLog.API_VERSION);
    if (answer.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    ctx.contentType("application/json");
    ctx.result(answer.body());
  }

  private String body(ObjectNode node) {
    try {
      return json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      LOG.error("An answer could not be written as JSON", e);
      throw new IllegalStateException(e);
    }
  }
}

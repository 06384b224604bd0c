package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A started sandbox with a webhook receiver, a real stripe-java client pointed at it and raw HTTP
 * helpers; tests drive it over real HTTP only.
 */
final class SandboxFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final WebhookReceiver receiver = new WebhookReceiver();
  final StripeSandbox sandbox;
  final StripeClient stripe;
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  SandboxFixture() {
    this(SandboxOptions.builder());
  }

  SandboxFixture(SandboxOptions.Builder options) {
    sandbox =
        StripeSandbox.start(
            options
                .clockStart(START)
                .webhookEndpoint(receiver.endpoint())
                .retries(Duration.ofMillis(50), Duration.ofMillis(400), 10)
                .build());
    stripe =
        StripeClient.builder()
            .setApiKey(sandbox.secretKey())
            .setApiBase(sandbox.baseUrl())
            .setMaxNetworkRetries(0)
            .build();
  }

  /** A monthly recurring price with lookup key {@code <plan>_monthly} and plan metadata. */
  Price price(String plan, long amount) throws Exception {
    var product =
        stripe
            .v1()
            .products()
            .create(
                ProductCreateParams.builder()
                    .setId("prod_" + plan)
                    .setName(plan.substring(0, 1).toUpperCase() + plan.substring(1))
                    .putMetadata("plan", plan)
                    .build());
    return stripe
        .v1()
        .prices()
        .create(
            PriceCreateParams.builder()
                .setProduct(product.getId())
                .setCurrency("usd")
                .setUnitAmount(amount)
                .setLookupKey(plan + "_monthly")
                .putMetadata("plan", plan)
                .setRecurring(
                    PriceCreateParams.Recurring.builder()
                        .setInterval(PriceCreateParams.Recurring.Interval.MONTH)
                        .build())
                .build());
  }

  String customer(String email) throws Exception {
    return stripe
        .v1()
        .customers()
        .create(
            CustomerCreateParams.builder()
                .setEmail(email)
                .putMetadata("organizationId", "org_acme")
                .build())
        .getId();
  }

  Session checkout(String customer, String price, Long trialDays) throws Exception {
    SessionCreateParams.SubscriptionData.Builder data =
        SessionCreateParams.SubscriptionData.builder().putMetadata("organizationId", "org_acme");
    if (trialDays != null) {
      data.setTrialPeriodDays(trialDays);
    }
    return stripe
        .v1()
        .checkout()
        .sessions()
        .create(
            SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customer)
                .setClientReferenceId("org_acme")
                .addLineItem(
                    SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
                .setSubscriptionData(data.build())
                .setSuccessUrl(
                    "https://app.example.test/settings?tab=billing&checkout=success&session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl("https://app.example.test/settings?tab=billing&checkout=canceled")
                .build());
  }

  /** Posts the hosted Checkout form, as a browser does. */
  HttpResponse<String> pay(String checkoutUrl, String card) {
    return postForm(URI.create(checkoutUrl), Map.of("card_number", card));
  }

  /** Pays a fresh session for a new customer and returns the subscription id. */
  String subscribe(String price, String card, Long trialDays) throws Exception {
    var session = checkout(customer("owner@acme.test"), price, trialDays);
    HttpResponse<String> answer = pay(session.getUrl(), card);
    if (answer.statusCode() != 303) {
      throw new AssertionError("payment refused: " + answer.statusCode() + " " + answer.body());
    }
    return stripe.v1().checkout().sessions().retrieve(session.getId()).getSubscription();
  }

  HttpResponse<String> postForm(URI uri, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> get(String pathOrUrl) {
    URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : sandbox.baseUrl() + pathOrUrl);
    return send(HttpRequest.newBuilder(uri).GET().build());
  }

  /** A raw API call with the sandbox's key and optional extra headers (name, value, …). */
  HttpResponse<String> api(String method, String path, String form, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .header("Authorization", "Bearer " + sandbox.secretKey())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(form == null ? "" : form));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    return json(response.body());
  }

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Event types emitted so far, in order. */
  List<String> eventTypes() {
    return sandbox.events().stream().map(SandboxEvent::type).toList();
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      form.put(pairs[i], pairs[i + 1]);
    }
    return form;
  }

  @Override
  public void close() {
    sandbox.close();
    receiver.close();
  }
}

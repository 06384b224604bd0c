package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process, stateful Stripe-compatible server for demos and tests: the part of Stripe's API
 * Agnostic Billing uses, hosted Checkout and Portal pages, signed webhook delivery with fault
 * injection, and a test clock. Start it with {@link #start(SandboxOptions)}, point a Stripe client
 * at {@link #baseUrl()} with {@link #secretKey()}, and close it when done.
 */
public final class StripeSandbox implements AutoCloseable {
  private static final Map<String, String> ASSET_TYPES =
      // The icon spares browsers a /favicon.ico request that would log a 404 on every page.
      Map.of(
          "sandbox.css",
          "text/css; charset=utf-8",
          "sandbox.js",
          "text/javascript",
          "favicon.svg",
          "image/svg+xml");

  private final SandboxOptions options;
  private final SandboxClock clock;
  private final Faults faults = new Faults();
  private final WebhookDeliverer deliverer;
  private final SandboxStore store;
  private final SubscriptionLifecycle lifecycle;
  private final Javalin app;

  private StripeSandbox(SandboxOptions options) {
    this.options = options;
    this.clock = new SandboxClock(options.clockStart());
    ObjectMapper mapper = new ObjectMapper();
    this.deliverer = new WebhookDeliverer(options, faults, Clock.systemUTC());
    this.store = new SandboxStore(clock, new EventLog(mapper), deliverer::enqueue);
    StripeJson json = new StripeJson(mapper, store);
    this.lifecycle = new SubscriptionLifecycle(store, json, options.dunningRetryDays());
    this.app = Javalin.create(config -> config.showJavalinBanner = false);
    new ApiRoutes(options.secretKey(), store, json, new IdempotencyCache(Clock.systemUTC()))
        .register(
            app,
            new CustomerApi(store, json),
            new CatalogApi(store, json),
            new CheckoutApi(store, json, options.promotionCodes()),
            new SubscriptionApi(store, json, lifecycle));
    new CheckoutPage(store, lifecycle, options.promotionCodes()).register(app);
    new PortalPage(store, lifecycle).register(app);
    new ControlPage(this).register(app);
    app.get(Html.ASSETS + "{name}", ctx -> asset(ctx, ctx.pathParam("name")));
    app.get("/", ctx -> ctx.redirect("/sandbox", HttpStatus.SEE_OTHER));
  }

  /** Starts a sandbox and returns once it accepts connections. */
  public static StripeSandbox start(SandboxOptions options) {
    StripeSandbox sandbox = new StripeSandbox(Objects.requireNonNull(options, "'options' is null"));
    try {
      sandbox.app.start(options.host(), options.port());
    } catch (RuntimeException e) {
      sandbox.deliverer.close();
      throw e;
    }
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    sandbox.store.baseUrl("http://" + host + ":" + sandbox.app.port());
    return sandbox;
  }

  /**
   * Where the API, the hosted pages and {@code /sandbox} are, e.g. {@code http://127.0.0.1:4242}.
   */
  public String baseUrl() {
    return store.baseUrl();
  }

  /** The {@code sk_test_…} key the API accepts. */
  public String secretKey() {
    return options.secretKey();
  }

  /** The {@code whsec_…} secret webhooks are signed with. */
  public String webhookSecret() {
    return options.webhookSecret();
  }

  /** Where events are delivered, if anywhere. */
  public Optional<URI> webhookEndpoint() {
    return deliverer.endpoint();
  }

  /**
   * Delivers the events emitted from now on to {@code endpoint}, for an application that learns its
   * own port only after the sandbox is started (its Stripe settings need {@link #baseUrl()} first).
   * Events emitted before are listed by {@link #events()} but not sent.
   */
  public void deliverTo(URI endpoint) {
    deliverer.endpoint(Objects.requireNonNull(endpoint, "'endpoint' must not be null"));
  }

  /** The test clock; read it freely, move it with {@link #advanceClock}. */
  public SandboxClock clock() {
    return clock;
  }

  /**
   * Moves the test clock forward, processing in order everything that falls due on the way:
   * renewals and their charges, dunning retries, trial ends and notices, scheduled cancellations,
   * Checkout session expiry. The events are then delivered in the background.
   */
  public void advanceClock(Duration by) {
    SandboxClock.nonNegative(by, "by");
    store.write(
        () -> {
          lifecycle.advanceTo(clock.instant().plus(by));
          return null;
        });
  }

  /** Moves the test clock to {@code instant} (not backwards), like {@link #advanceClock}. */
  public void advanceClockTo(Instant instant) {
    Objects.requireNonNull(instant, "'instant' must not be null");
    store.write(
        () -> {
          lifecycle.advanceTo(instant);
          return null;
        });
  }

  /** The webhook faults, switchable while running. */
  public Faults faults() {
    return faults;
  }

  /** Every event emitted so far, oldest first, with its delivery state. */
  public List<SandboxEvent> events() {
    return store.events.all().stream()
        .map(
            e -> {
              Optional<WebhookDeliverer.Delivery> d = deliverer.delivery(e.id());
              return new SandboxEvent(
                  e.id(),
                  e.type(),
                  Instant.ofEpochSecond(e.created()),
                  e.payload(),
                  d.map(x -> x.attempts.get()).orElse(0),
                  d.map(x -> x.delivered).orElse(false),
                  d.map(x -> x.lastResult).orElse("not sent (no endpoint)"));
            })
        .toList();
  }

  /** The hosted Checkout page URL of a session. */
  public String checkoutUrl(String sessionId) {
    return baseUrl() + CheckoutPage.path(sessionId);
  }

  List<List<String>> subscriptionRows() {
    return store.read(
        () ->
            SandboxStore.newestFirst(store.subscriptions.values()).stream()
                .map(
                    s ->
                        List.of(
                            s.id,
                            s.customer,
                            s.status,
                            Html.dateTime(s.periodEnd),
                            s.cancelAt == null ? "" : Html.dateTime(s.cancelAt)))
                .toList());
  }

  private static void asset(Context ctx, String name) throws IOException {
    String type = ASSET_TYPES.get(name);
    try (InputStream in =
        type == null ? null : StripeSandbox.class.getResourceAsStream("assets/" + name)) {
      if (in == null) {
        ctx.status(404).result("Not found");
        return;
      }
      ctx.contentType(type).result(in.readAllBytes());
    }
  }

  @Override
  public void close() {
    app.stop();
    deliverer.close();
  }
}

package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * Adapter: the billing REST API on Javalin, and the billing page ({@link BillingPage}) unless
 * turned off. {@link #mount(Javalin)} adds every route to a host's app (embedded use); {@link
 * #createApp()} builds a standalone app. Failures become problem+json in {@link ProblemMapper};
 * tokens are checked here, per route, before any handler runs.
 */
public final class JavalinBillingRoutes {
  private static final String HANDLED = "agnosticbilling.handled";

  private final HttpSettings settings;
  private final JwtTokens tokens;
  private final ResponseHeaders headers;
  private final SafeListener listener;
  private final List<Route> routes;
  private final Optional<BillingPage> page;
  private final Optional<MetricsEndpoint> metrics;
  private final Map<String, Object> openApi;
  private final boolean fastRoutes;

  private JavalinBillingRoutes(Builder b) {
    this.settings = b.settings;
    this.fastRoutes = b.fastRoutes;
    this.tokens = new JwtTokens(b.settings, b.billing, b.clock);
    this.headers = new ResponseHeaders(b.settings);
    this.listener = new SafeListener(b.listener);
    RateLimiter limiter = b.rateLimiter != null ? b.rateLimiter : new InMemoryRateLimiter(b.clock);
    Billing u = b.billing;
    AuthHandlers auth =
        new AuthHandlers(
            u,
            u,
            u,
            u.catalog(),
            tokens,
            new LoginThrottle(limiter, b.settings.loginThrottle()),
            new SignupThrottle(limiter, b.settings.signupThrottle()),
            listener);
    BillingHandlers billing = new BillingHandlers(u, listener);
    UsageHandlers usage = new UsageHandlers(u, listener);
    EntitlementHandlers entitlements = new EntitlementHandlers(u);
    MemberHandlers members = new MemberHandlers(u, u, u, u, listener);
    WebhookHandlers webhooks =
        new WebhookHandlers(b.paymentEvents, u, b.paymentsConfigured, listener);
    OperatorHandlers operator = new OperatorHandlers(u, u, u, u);
    NotificationHandlers notifications = new NotificationHandlers(u);
    HealthHandlers health = new HealthHandlers(b.readinessChecks);

    int json = settings.maxBodyBytes();
    List<Route> table = new ArrayList<>();
    table.add(new Route("POST", "/api/auth/signup", Access.ANYONE, json, auth::signUp));
    table.add(new Route("POST", "/api/auth/login", Access.ANYONE, json, auth::logIn));
    table.add(new Route("GET", "/api/billing/plans", Access.ANYONE, json, billing::plans));
    table.add(new Route("GET", "/api/billing", Access.MEMBER, json, billing::overview));
    table.add(
        new Route("POST", "/api/billing/checkout", Access.ADMIN, json, billing::startCheckout));
    table.add(
        new Route(
            "POST",
            "/api/billing/checkout/{sessionId}/confirm",
            Access.ADMIN,
            json,
            billing::confirmCheckout));
    table.add(
        new Route("POST", "/api/billing/change-plan", Access.ADMIN, json, billing::changePlan));
    table.add(new Route("POST", "/api/billing/cancel", Access.ADMIN, json, billing::cancel));
    table.add(new Route("POST", "/api/billing/resume", Access.ADMIN, json, billing::resume));
    table.add(new Route("POST", "/api/billing/portal", Access.ADMIN, json, billing::portal));
    table.add(new Route("GET", "/api/billing/invoices", Access.ADMIN, json, billing::invoices));
    table.add(
        new Route("POST", "/api/usage/test-runs", Access.MEMBER, json, usage::recordTestRuns));
    table.add(
        new Route("GET", "/api/entitlements", Access.MEMBER, json, entitlements::entitlements));
    table.add(new Route("GET", "/api/organization/members", Access.MEMBER, json, members::list));
    table.add(new Route("POST", "/api/organization/members", Access.ADMIN, json, members::add));
    table.add(
        new Route(
            "PATCH",
            "/api/organization/members/{userId}",
            Access.ADMIN,
            json,
            members::changeRole));
    table.add(
        new Route(
            "DELETE", "/api/organization/members/{userId}", Access.ADMIN, json, members::remove));
    table.add(
        new Route(
            "POST",
            "/api/webhooks/stripe",
            Access.ANYONE,
            settings.maxWebhookBodyBytes(),
            webhooks::receive));
    table.add(new Route("GET", "/api/webhooks/test", Access.ANYONE, json, webhooks::probe));
    table.add(new Route("GET", "/api/admin/metrics", Access.OPERATOR, json, operator::metrics));
    table.add(new Route("GET", "/api/admin/webhooks", Access.OPERATOR, json, operator::webhooks));
    table.add(
        new Route(
            "POST",
            "/api/admin/webhooks/{eventId}/replay",
            Access.OPERATOR,
            json,
            operator::replay));
    table.add(
        new Route("POST", "/api/admin/reconcile", Access.OPERATOR, json, operator::reconcile));
    table.add(
        new Route("GET", "/api/admin/notifications", Access.OPERATOR, json, notifications::list));
    table.add(
        new Route(
            "POST",
            "/api/admin/notifications/{id}/retry",
            Access.OPERATOR,
            json,
            notifications::retry));
    table.add(new Route("GET", "/health", Access.ANYONE, json, health::live));
    table.add(new Route("GET", "/health/ready", Access.ANYONE, json, health::ready));
    if (b.openApiRoute) {
      table.add(new Route("GET", "/openapi.json", Access.ANYONE, json, this::openApi));
    }
    this.metrics = Optional.ofNullable(b.metrics);
    metrics.ifPresent(
        m ->
            table.add(
                new Route(
                    "GET",
                    "/metrics",
                    Access.METRICS,
                    json,
                    call -> ApiResponse.text(m.mediaType(), m.scrape().get()))));
    this.routes = List.copyOf(table);
    this.openApi = OpenApiDocument.build(routes, ApiDescriptions.all(), version());
    this.page = b.billingPage ? Optional.of(new BillingPage()) : Optional.empty();
  }

  /** Starts the wiring: the routes call {@code billing}'s use cases and show its catalog. */
  public static Builder builder(Billing billing, HttpSettings settings) {
    return new Builder(billing, settings);
  }

  /**
   * Adds every route to {@code app}, with security headers, CORS and problem answers for 404/405
   * limited to the paths this adapter owns, so the host's other routes are left as they are.
   */
  public Javalin mount(Javalin app) {
    Set<String> prefixes = new LinkedHashSet<>();
    routes.forEach(r -> prefixes.add(r.prefix()));
    if (page.isPresent()) {
      prefixes.addAll(BillingPage.ownedPaths());
    }
    install(
        app,
        path ->
            prefixes.stream()
                .anyMatch(p -> path.equals(p) || (!p.equals("/") && path.startsWith(p + "/"))));
    return app;
  }

  /**
   * A new, not yet started app serving only this API; every path (unknown ones included) gets the
   * security headers and problem answers, Jetty's own answers (bad request line, URI or headers too
   * long) included, and request bodies are read without holding a worker thread ({@link
   * SlowBodyFilter}). Bootstrap adds {@code /metrics} and calls {@code start(port)}.
   */
  public Javalin createApp() {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize =
                  Math.max(settings.maxBodyBytes(), settings.maxWebhookBodyBytes());
              config.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setSendServerVersion(false);
                    // No per-connection header cache: it stores Authorization values, and with
                    // a different bearer token per caller each request re-filled it (about 5 %
                    // of a usage record's CPU) for no hit.
                    http.setHeaderCacheSize(0);
                  });
              ProblemErrorHandler errors = new ProblemErrorHandler(headers);
              config.jetty.modifyServer(server -> server.setErrorHandler(errors));
              if (fastRoutes) {
                FastRoutes fast = new FastRoutes(this, headers, routes);
                config.jetty.modifyServer(fast::install);
              }
              config.jetty.modifyServletContextHandler(
                  context -> {
                    context.setErrorHandler(errors);
                    FilterHolder bodies =
                        new FilterHolder(
                            new SlowBodyFilter(
                                settings.slowBodies(),
                                Math.max(settings.maxBodyBytes(), settings.maxWebhookBodyBytes()),
                                headers));
                    bodies.setAsyncSupported(true);
                    context.addFilter(bodies, "/*", EnumSet.of(DispatcherType.REQUEST));
                  });
            });
    install(app, path -> true);
    return app;
  }

  /** The routes served, as {@code METHOD path}, in the contract's order (for start-up logs). */
  public List<String> routeTable() {
    return routes.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  /** The OpenAPI 3.1 document of the routes served, as {@code GET /openapi.json} answers it. */
  public byte[] openApiDocument() {
    return ApiJson.write(openApi);
  }

  private ApiResponse openApi(ApiCall call) {
    return ApiResponse.ok(openApi);
  }

  private static String version() {
    String version = JavalinBillingRoutes.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The token service, so a host can accept this API's tokens on its own routes. */
  public JwtTokens tokens() {
    return tokens;
  }

  private void install(Javalin app, Predicate<String> owned) {
    // First, so a host whose own page is in the way is told before anything is added.
    page.ifPresent(p -> p.install(app));
    app.before(
        ctx -> {
          if (owned.test(ctx.path())) {
            headers.apply(ctx);
            if (hasMalformedEscape(ctx.req().getRequestURI())) {
              // Javalin decodes path parameters before any handler of ours runs, and a bad
              // escape there is a 500 with a stack trace per request: refuse it first, quietly.
              ctx.attribute(HANDLED, Boolean.TRUE);
              writeProblem(
                  ctx,
                  Problem.of(
                      400,
                      "malformed_path",
                      "The path holds a '%' that is not followed by two hexadecimal digits."));
              ctx.skipRemainingHandlers();
            }
          }
        });
    Set<String> paths = new LinkedHashSet<>();
    for (Route route : routes) {
      app.addHttpHandler(
          HandlerType.valueOf(route.method()), route.path(), ctx -> serve(route, ctx));
      paths.add(route.path());
    }
    for (String path : paths) {
      app.options(path, this::preflight);
    }
    app.error(
        404,
        ctx -> {
          if (!Boolean.TRUE.equals(ctx.attribute(HANDLED)) && owned.test(ctx.path())) {
            unmatched(ctx);
          }
        });
    app.error(
        405,
        ctx -> {
          if (!Boolean.TRUE.equals(ctx.attribute(HANDLED)) && owned.test(ctx.path())) {
            unmatched(ctx);
          }
        });
  }

  private void serve(Route route, Context ctx) {
    ctx.attribute(HANDLED, Boolean.TRUE);
    serve(route, new JavalinExchange(ctx));
  }

  /**
   * Checks the token and role, calls the handler and writes its answer, or the problem of any
   * failure; reports the request to the listener. One code path for Javalin and {@link FastRoutes}.
   */
  void serve(Route route, Exchange exchange) {
    long started = System.nanoTime();
    try {
      Optional<AuthenticatedCaller> caller =
          authorize(route.access(), exchange.header("Authorization"));
      ApiResponse answer =
          route
              .handler()
              .handle(exchange.call(caller, route.bodyLimit(), settings.trustedProxies()));
      exchange.status(answer.status());
      if (answer.isText()) {
        exchange.text(answer.textMediaType(), String.valueOf(answer.body()));
      } else if (answer.status() != ApiResponse.NO_CONTENT) {
        exchange.json(ApiJson.write(answer.body()));
      }
    } catch (RuntimeException e) {
      writeProblem(exchange, ProblemMapper.toProblem(e, route.method(), exchange.path()));
    } finally {
      listener.requestCompleted(
          route.method(), route.path(), exchange.status(), System.nanoTime() - started);
    }
  }

  /** A request routed by Javalin, answered through its context. */
  private static final class JavalinExchange extends Exchange {
    private final Context ctx;

    JavalinExchange(Context ctx) {
      super(ctx.req(), ctx.res());
      this.ctx = ctx;
    }

    @Override
    void json(byte[] body) {
      ctx.contentType("application/json");
      ctx.result(body);
    }

    @Override
    void text(String mediaType, String body) {
      ctx.contentType(mediaType);
      ctx.result(body);
    }

    @Override
    void problem(byte[] body) {
      ctx.contentType(Problem.MEDIA_TYPE);
      ctx.result(body);
    }

    @Override
    ApiCall call(Optional<AuthenticatedCaller> caller, int bodyLimit, TrustedProxies proxies) {
      return new ApiCall(ctx, caller, bodyLimit, proxies);
    }
  }

  /** True when a {@code %} in the raw path is not followed by two hexadecimal digits. */
  static boolean hasMalformedEscape(String rawPath) {
    for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
      if (i + 2 >= rawPath.length()
          || Character.digit(rawPath.charAt(i + 1), 16) < 0
          || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  private Optional<AuthenticatedCaller> authorize(Access access, String header) {
    if (access == Access.ANYONE) {
      return Optional.empty();
    }
    if (access == Access.METRICS) {
      checkMetricsToken(header);
      return Optional.empty();
    }
    if (header == null || header.isBlank()) {
      throw unauthorized(
          "authentication_required", "Send the token as 'Authorization: Bearer <token>'.");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized("invalid_token", "The Authorization header must use the Bearer scheme.");
    }
    AuthenticatedCaller caller =
        tokens
            .verify(header.substring(7).trim())
            .orElseThrow(
                () -> unauthorized("invalid_token", "The token is invalid or has expired."));
    boolean allowed =
        switch (access) {
          case ADMIN -> caller.isAdmin();
          case OPERATOR -> caller.operator();
          default -> true;
        };
    if (!allowed) {
      String needed = access == Access.OPERATOR ? "an operator" : "an organization admin";
      throw new ApiException(403, "forbidden", "This action is reserved to " + needed + ".");
    }
    return Optional.of(caller);
  }

  /**
   * Open when no token is configured; otherwise {@code Bearer <token>}, compared in constant time.
   */
  private void checkMetricsToken(String header) {
    MetricsEndpoint endpoint = metrics.orElseThrow();
    if (endpoint.token().isEmpty()) {
      return;
    }
    if (header == null || header.isBlank()) {
      throw unauthorized(
          "authentication_required", "Send the metrics token as 'Authorization: Bearer <token>'.");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)
        || !endpoint.accepts(header.substring(7).trim())) {
      throw unauthorized("invalid_token", "The metrics token is not the one this server expects.");
    }
  }

  private static ApiException unauthorized(String code, String detail) {
    return new ApiException(
        new Problem(401, code, detail, Map.of(), Map.of("WWW-Authenticate", "Bearer")));
  }

  private void preflight(Context ctx) {
    ctx.attribute(HANDLED, Boolean.TRUE);
    if (headers.preflight(ctx)) {
      ctx.status(204);
    } else if (ctx.header("Origin") != null) {
      writeProblem(
          ctx,
          Problem.of(
              403, "origin_not_allowed", "This origin may not call the API from a browser."));
    } else {
      ctx.header("Allow", ResponseHeaders.ALLOWED_METHODS);
      ctx.status(204);
    }
  }

  private void unmatched(Context ctx) {
    String path = ctx.path();
    Set<String> methods = new LinkedHashSet<>();
    routes.stream().filter(r -> r.matches(path)).forEach(r -> methods.add(r.method()));
    if (methods.isEmpty()) {
      writeProblem(
          ctx,
          Problem.of(404, "route_not_found", "No route " + ctx.method().name() + " " + path + "."));
    } else {
      methods.add("OPTIONS");
      writeProblem(
          ctx,
          new Problem(
              405,
              "method_not_allowed",
              path + " does not accept " + ctx.method().name() + ".",
              Map.of("allowed", List.copyOf(methods)),
              Map.of("Allow", String.join(", ", methods))));
    }
  }

  private static void writeProblem(Context ctx, Problem problem) {
    writeProblem(new JavalinExchange(ctx), problem);
  }

  private static void writeProblem(Exchange exchange, Problem problem) {
    problem.headers().forEach(exchange::header);
    exchange.status(problem.status());
    exchange.problem(ApiJson.write(problem.body(exchange.path())));
  }

  /** Wiring of {@link JavalinBillingRoutes}: required parts in the constructor, the rest here. */
  public static final class Builder {
    private final Billing billing;
    private final HttpSettings settings;
    private Clock clock = Clock.systemUTC();
    private PaymentEvents paymentEvents = PaymentEvents.notConfigured();
    private BooleanSupplier paymentsConfigured = () -> false;
    private List<ReadinessCheck> readinessChecks = List.of();
    private RateLimiter rateLimiter;
    private BillingHttpListener listener = BillingHttpListener.NONE;
    private boolean billingPage = true;
    private MetricsEndpoint metrics;
    private boolean openApiRoute = true;
    private boolean fastRoutes = true;

    private Builder(Billing billing, HttpSettings settings) {
      this.billing = Objects.requireNonNull(billing, "'billing' must not be null");
      this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    }

    /** The clock tokens are issued and checked against, and login failures are counted with. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "'clock' must not be null");
      return this;
    }

    /** Verifies and translates webhook deliveries; without it every webhook is refused (400). */
    public Builder paymentEvents(PaymentEvents value) {
      this.paymentEvents = Objects.requireNonNull(value, "'paymentEvents' must not be null");
      return this;
    }

    /** Whether a payment provider key is set (shown by {@code GET /api/webhooks/test}). */
    public Builder paymentsConfigured(BooleanSupplier value) {
      this.paymentsConfigured =
          Objects.requireNonNull(value, "'paymentsConfigured' must not be null");
      return this;
    }

    public Builder readinessChecks(List<ReadinessCheck> value) {
      this.readinessChecks = List.copyOf(value);
      return this;
    }

    /** Where failed logins are counted; in memory (per instance) when not set. */
    public Builder rateLimiter(RateLimiter value) {
      this.rateLimiter = Objects.requireNonNull(value, "'rateLimiter' must not be null");
      return this;
    }

    public Builder listener(BillingHttpListener value) {
      this.listener = Objects.requireNonNull(value, "'listener' must not be null");
      return this;
    }

    /**
     * Whether to serve the billing page ({@code /}, {@code /settings}, {@code /login}, {@code
     * /signup} and {@code /billing-assets/*}); on by default. A host with its own page on those
     * paths turns it off.
     */
    public Builder billingPage(boolean value) {
      this.billingPage = value;
      return this;
    }

    /**
     * Serves {@code GET /metrics} with the API (open, or behind the endpoint's token); without it
     * there is no {@code /metrics} route (an embedding host has its own).
     */
    public Builder metrics(MetricsEndpoint value) {
      this.metrics = Objects.requireNonNull(value, "'metrics' must not be null");
      return this;
    }

    /**
     * Whether to serve {@code GET /openapi.json}; on by default. A host with its own document on
     * that path turns it off and may merge {@link JavalinBillingRoutes#openApiDocument()} into it.
     */
    public Builder openApi(boolean value) {
      this.openApiRoute = value;
      return this;
    }

    /**
     * Whether {@link #createApp()} serves the hot routes through {@link FastRoutes} (on by
     * default); off, Javalin serves them like every other route (tests compare the two).
     */
    Builder fastRoutes(boolean value) {
      this.fastRoutes = value;
      return this;
    }

    public JavalinBillingRoutes build() {
      return new JavalinBillingRoutes(this);
    }
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.out.PasswordHasher;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.usage.LimitExceeded;
import io.agnosticbilling.testkit.memory.FakePasswordHasher;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import io.agnosticbilling.testkit.memory.InMemoryBillingReports;
import io.agnosticbilling.testkit.memory.InMemoryCheckoutSessions;
import io.agnosticbilling.testkit.memory.InMemoryMembers;
import io.agnosticbilling.testkit.memory.InMemoryNotificationOutbox;
import io.agnosticbilling.testkit.memory.InMemoryOrganizations;
import io.agnosticbilling.testkit.memory.InMemoryUsageAlerts;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import io.agnosticbilling.testkit.memory.InMemoryWebhookLog;
import io.agnosticbilling.testkit.payment.FakePaymentProvider;
import io.agnosticbilling.testkit.time.MutableClock;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The real domain services over the testkit's in-memory adapters, behind the HTTP adapter started
 * in-process on a free port, called over real HTTP.
 */
final class ApiHarness implements AutoCloseable {
  static final Instant START = Instant.parse("2025-03-10T12:00:00Z");
  static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";
  static final String ALLOWED_ORIGIN = "https://app.example.com";
  static final String OPERATOR_EMAIL = "ops@example.com";
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(START);
  final FakePaymentProvider payments = new FakePaymentProvider();
  final InMemoryNotificationOutbox outbox = new InMemoryNotificationOutbox();
  final InMemoryOrganizations organizations = new InMemoryOrganizations(outbox);
  final InMemoryWebhookLog webhookLog = new InMemoryWebhookLog();
  final InMemoryMembers members = new InMemoryMembers();
  final FakePaymentEvents verifier = new FakePaymentEvents();
  final List<String> heard = new CopyOnWriteArrayList<>();
  final HttpSettings settings;
  final Billing billing;
  final Javalin app;
  private final HttpClient client = HttpClient.newHttpClient();

  /** What a test may change before the server starts. */
  static final class Options {
    UnaryOperator<HttpSettings> settings = UnaryOperator.identity();
    UnaryOperator<BillingSettings> billingSettings = UnaryOperator.identity();
    boolean paymentsConfigured = true;
    boolean webhookSecretConfigured = true;
    List<ReadinessCheck> readinessChecks = List.of();
    boolean embedded;
    boolean billingPage = true;
    BillingHttpListener listener;
    MetricsEndpoint metrics;
    boolean fastRoutes = true;

    /** Time one password check takes: bcrypt's cost is what opens a check-then-act window. */
    Duration passwordCheck = Duration.ZERO;
  }

  static ApiHarness start() {
    return start(o -> {});
  }

  static ApiHarness start(Consumer<Options> configure) {
    Options options = new Options();
    configure.accept(options);
    return new ApiHarness(options);
  }

  private ApiHarness(Options options) {
    settings =
        options.settings.apply(
            HttpSettings.defaults(SECRET).withAllowedOrigins(Set.of(ALLOWED_ORIGIN)));
    PlanCatalog catalog =
        PlanCatalog.defaults()
            .withProviderPrices(
                Map.of(PlanId.TEAM, "price_team", PlanId.ENTERPRISE, "price_enterprise"))
            .withYearlyProviderPrices(Map.of(PlanId.TEAM, "price_team_yearly"));
    InMemoryCheckoutSessions checkoutSessions = new InMemoryCheckoutSessions();
    billing =
        Billing.builder()
            .organizations(organizations)
            .members(members)
            .webhookLog(webhookLog)
            .usageCounters(new InMemoryUsageCounters())
            .usageAlerts(new InMemoryUsageAlerts(outbox))
            .notifications(outbox)
            .checkoutSessions(checkoutSessions)
            .reports(new InMemoryBillingReports(organizations, webhookLog, checkoutSessions))
            .passwordHasher(slow(new FakePasswordHasher(), options.passwordCheck))
            .paymentProvider(
                options.paymentsConfigured ? payments : PaymentProvider.notConfigured())
            .paymentEvents(verifier)
            .clock(clock)
            .settings(
                options.billingSettings.apply(BillingSettings.defaults().withCatalog(catalog)))
            .build();
    JavalinBillingRoutes.Builder builder =
        JavalinBillingRoutes.builder(billing, settings)
            .clock(clock)
            .paymentEvents(
                options.webhookSecretConfigured ? verifier : PaymentEvents.notConfigured())
            .paymentsConfigured(() -> options.paymentsConfigured)
            .readinessChecks(options.readinessChecks)
            .listener(options.listener != null ? options.listener : new RecordingListener(heard))
            .billingPage(options.billingPage)
            .fastRoutes(options.fastRoutes);
    if (options.metrics != null) {
      builder.metrics(options.metrics);
    }
    JavalinBillingRoutes routes = builder.build();
    if (options.embedded) {
      Javalin host = Javalin.create(c -> c.showJavalinBanner = false);
      host.get("/host/hello", ctx -> ctx.result("hello from the host"));
      app = routes.mount(host);
    } else {
      app = routes.createApp();
    }
    app.start(0);
  }

  @Override
  public void close() {
    app.stop();
  }

  private static PasswordHasher slow(PasswordHasher hasher, Duration check) {
    if (check.isZero()) {
      return hasher;
    }
    return new PasswordHasher() {
      @Override
      public String hash(String password) {
        return hasher.hash(password);
      }

      @Override
      public boolean matches(String password, String hash) {
        try {
          Thread.sleep(check.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return hasher.matches(password, hash);
      }
    };
  }

  /** An answer as the client saw it. */
  record Answer(int status, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("answer is not JSON: " + body, e);
      }
    }

    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    String contentType() {
      return header("Content-Type").orElse("");
    }

    /** Asserts a problem+json answer with this status and code, and returns its document. */
    JsonNode problem(int expectedStatus, String expectedCode) {
      assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
      assertThat(contentType()).startsWith("application/problem+json");
      JsonNode problem = json();
      assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
      assertThat(problem.path("code").asText()).isEqualTo(expectedCode);
      assertThat(problem.path("type").asText())
          .isEqualTo("urn:agnostic-billing:problem:" + expectedCode);
      assertThat(problem.path("title").asText()).isNotBlank();
      return problem;
    }
  }

  /** A signed-up admin: its token and organization. */
  record Session(String token, OrganizationId organizationId, String email) {}

  Answer send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  Answer post(String path, String json, String token) {
    List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
    if (token != null) {
      headers.addAll(List.of("Authorization", "Bearer " + token));
    }
    return send(
        "POST", path, HttpRequest.BodyPublishers.ofString(json), headers.toArray(String[]::new));
  }

  Answer patch(String path, String json, String token) {
    return send(
        "PATCH",
        path,
        HttpRequest.BodyPublishers.ofString(json),
        "Content-Type",
        "application/json",
        "Authorization",
        "Bearer " + token);
  }

  Answer delete(String path, String token) {
    return send(
        "DELETE", path, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token);
  }

  /** The member id a token speaks for (its {@code sub}). */
  static String subjectOf(String token) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
          .path("sub")
          .asText();
    } catch (IOException e) {
      throw new AssertionError("not a JWT: " + token, e);
    }
  }

  Answer get(String path, String token) {
    return token == null
        ? send("GET", path, HttpRequest.BodyPublishers.noBody())
        : send(
            "GET", path, HttpRequest.BodyPublishers.noBody(), "Authorization", "Bearer " + token);
  }

  Session signUp(String email, String organizationName) {
    Answer answer =
        post(
            "/api/auth/signup",
            "{\"email\":\""
                + email
                + "\",\"password\":\"correct horse battery\",\"organizationName\":\""
                + organizationName
                + "\"}",
            null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    JsonNode json = answer.json();
    return new Session(
        json.path("token").asText(),
        OrganizationId.of(json.path("organization").path("id").asText()),
        email);
  }

  /**
   * Signs up, is made an operator through the store as {@code operators add} does, and logs in
   * again: the sign-up token itself never carries operator rights.
   */
  Session signUpOperator(String email, String organizationName) {
    Session signedUp = signUp(email, organizationName);
    billing.grantOperator(email);
    Answer login = logIn(email, "correct horse battery");
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    return new Session(login.json().path("token").asText(), signedUp.organizationId(), email);
  }

  Answer logIn(String email, String password) {
    return post(
        "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", null);
  }

  /** Adds a member through the API and logs them in; returns their token. */
  String memberToken(Session admin, String email, String role) {
    Answer added =
        post(
            "/api/organization/members",
            "{\"email\":\""
                + email
                + "\",\"password\":\"member password\",\"role\":\""
                + role
                + "\"}",
            admin.token());
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    Answer login = logIn(email, "member password");
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    return login.json().path("token").asText();
  }

  /** Records what the adapter reported, as short strings tests can compare. */
  private static final class RecordingListener implements BillingHttpListener {
    private final List<String> heard;

    RecordingListener(List<String> heard) {
      this.heard = heard;
    }

    @Override
    public void webhookHandled(String eventType, EventOutcome outcome) {
      heard.add("webhookHandled:" + eventType + ":" + outcome.status().wireName());
    }

    @Override
    public void webhookRejected(String reason) {
      heard.add("webhookRejected:" + reason);
    }

    @Override
    public void webhookFailed(String eventType, String code) {
      heard.add("webhookFailed:" + eventType + ":" + code);
    }

    @Override
    public void checkoutStarted(PlanId plan) {
      heard.add("checkoutStarted:" + plan);
    }

    @Override
    public void checkoutConfirmed() {
      heard.add("checkoutConfirmed");
    }

    @Override
    public void limitRefused(LimitExceeded refusal) {
      heard.add("limitRefused:" + refusal.metric().key());
    }

    @Override
    public void loginThrottled() {
      heard.add("loginThrottled");
    }
  }
}

package io.agnosticbilling.app;

import static io.agnosticbilling.app.Accounts.signUp;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import io.agnosticbilling.app.Accounts.Account;
import io.agnosticbilling.app.ApiClient.Reply;
import io.agnosticbilling.testkit.concurrent.Race;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The real server (embedded store on disk, Stripe adapter against a local Stripe-shaped API,
 * Micrometer) started once in-process and called over HTTP, through the flows of the product.
 */
class ServerEndToEndTest {
  private static final String KEPT_MEMBERS = "/api/organization/members/";
  private static final String KEPT_USAGE = "/api/usage/test-runs";
  private static Path workDir;
  private static FakeStripeApi stripe;
  private static BillingServer server;
  private static int firstPort;
  private static ApiClient api;
  private static final ListAppender<ILoggingEvent> startLog = new ListAppender<>();

  @BeforeAll
  static void startServer() throws Exception {
    workDir = Files.createTempDirectory("billing-e2e");
    stripe = new FakeStripeApi(TestServers.PRICES);
    Logger logger = (Logger) LoggerFactory.getLogger(BillingServer.class);
    startLog.start();
    logger.addAppender(startLog);
    BillingServer first;
    try {
      first = TestServers.start(workDir, stripe.baseUrl());
    } finally {
      logger.detachAppender(startLog);
    }
    try (first) {
      firstPort = first.port();
      // Operators come only from the command line (with the server stopped: embedded store).
      Accounts.signUp(new ApiClient(first.port()), TestServers.OPERATOR_EMAIL);
    }
    TestServers.operators(workDir, stripe.baseUrl(), "add", TestServers.OPERATOR_EMAIL);
    server = TestServers.start(workDir, stripe.baseUrl());
    api = new ApiClient(server.port());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (stripe != null) {
      stripe.close();
    }
  }

  @Test
  @DisplayName(
      "start-up logs configuration, store, migrations, routes, CORS, URL: in order, no secret")
  void startUpLogIsInOrderWithoutSecrets() {
    List<String> lines = startLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines)
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly(
            "Configuration",
            "Store connected",
            "Migrations",
            "Routes registered",
            "CORS origins",
            "Listening on http");
    assertThat(lines.get(0)).contains("mode=development", "payments=sk_test_***");
    assertThat(lines.get(1))
        .contains("sqlite " + workDir.resolve("data").resolve("billing.db").toAbsolutePath());
    assertThat(lines.get(2)).contains("applied [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], at 10 of 10");
    assertThat(lines.get(3)).contains("billing 17", "webhooks 2", "admin 6");

    assertThat(lines.get(4)).endsWith(TestServers.ALLOWED_ORIGIN);
    assertThat(lines.get(5)).contains(":" + firstPort);
    assertThat(String.join("\n", lines))
        .doesNotContain(TestServers.JWT_SECRET, "e2eKey123", "e2eTestSecret");
  }

  @Test
  @DisplayName("sign-up gives an admin on a Free organization, and the overview says so")
  void signUpThenFreeOverview() {
    Account admin = signUp(api);

    JsonNode overview = overview(admin);

    assertThat(overview.get("organizationId").asText()).isEqualTo(admin.organizationId());
    assertThat(overview.get("plan").asText()).isEqualTo("free");
    assertThat(overview.at("/limits/testRuns").asLong()).isEqualTo(100);
    assertThat(overview.at("/usage/users/used").asLong()).isEqualTo(1);
    assertThat(overview.get("upgradeOptions"))
        .extracting(JsonNode::asText)
        .containsExactly("team", "enterprise");
  }

  @Test
  @DisplayName(
      "usage crosses 50/80/90/100 % with one alert each, then is refused with 402; a repeated runId counts once")
  void usageAlertsThenRefusal() {
    Account admin = signUp(api);
    double refusalsBefore = metric("billing_usage_refusals_total", "metric=\"testRuns\"");

    Reply first = recordRuns(admin, "run-a", 50);
    Reply repeated = recordRuns(admin, "run-a", 50);
    Reply eighty = recordRuns(admin, "run-b", 30);
    Reply ninety = recordRuns(admin, "run-c", 10);
    Reply hundred = recordRuns(admin, "run-d", 10);
    Reply refused = recordRuns(admin, "run-e", 1);

    assertThat(first.status()).isEqualTo(201);
    assertThat(thresholds(first)).containsExactly(50);
    assertThat(repeated.status()).isEqualTo(201);
    assertThat(repeated.json().get("replayed").asBoolean()).isTrue();
    assertThat(repeated.json().get("used").asLong()).isEqualTo(50);
    assertThat(thresholds(eighty)).containsExactly(80);
    assertThat(thresholds(ninety)).containsExactly(90);
    assertThat(thresholds(hundred)).containsExactly(100);
    assertThat(hundred.json().get("remaining").asLong()).isZero();
    assertThat(refused.status()).isEqualTo(402);
    JsonNode problem = refused.json();
    assertThat(problem.get("code").asText()).isEqualTo("limit_exceeded");
    assertThat(problem.get("used").asLong()).isEqualTo(100);
    assertThat(problem.get("limit").asLong()).isEqualTo(100);
    assertThat(problem.get("plan").asText()).isEqualTo("free");
    assertThat(problem.get("upgradeTo").asText()).isEqualTo("team");
    assertThat(overview(admin).get("alerts")).hasSize(4);
    assertThat(metric("billing_usage_refusals_total", "metric=\"testRuns\""))
        .isEqualTo(refusalsBefore + 1);
  }

  @Test
  @DisplayName(
      "members are added up to the Free seat limit, then refused with 402; a member cannot use admin routes")
  void membersUpToSeatLimit() {
    Account admin = signUp(api);
    String memberEmail = Accounts.uniqueEmail("member");

    Reply second = addMember(admin, memberEmail);
    Reply third = addMember(admin, Accounts.uniqueEmail("member"));
    Reply fourth = addMember(admin, Accounts.uniqueEmail("member"));
    String memberToken = Accounts.logIn(api, memberEmail);

    assertThat(second.status()).isEqualTo(201);
    assertThat(third.status()).isEqualTo(201);
    assertThat(fourth.status()).isEqualTo(402);
    assertThat(fourth.json().get("metric").asText()).isEqualTo("users");
    assertThat(api.get("/api/organization/members", admin.token()).json()).hasSize(3);
    assertThat(api.get("/api/organization/members", memberToken).status()).isEqualTo(200);
    assertThat(api.post("/api/billing/checkout", "{\"plan\":\"team\"}", memberToken).status())
        .isEqualTo(403);
    assertThat(api.get("/api/admin/metrics", memberToken).status()).isEqualTo(403);
    assertThat(api.get("/api/admin/metrics", admin.token()).status()).isEqualTo(403);
  }

  @Test
  @DisplayName(
      "checkout, then webhooks delivered twice and out of order: the organization ends on Team")
  void checkoutThenDuplicatedOutOfOrderWebhooks() {
    Account admin = signUp(api);
    double checkoutsBefore = metric("billing_checkouts_started_total", "plan=\"team\"");
    Reply checkout = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", admin.token());
    assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
    String sessionId = checkout.json().get("sessionId").asText();
    assertThat(checkout.json().get("url").asText()).endsWith(sessionId);
    JsonObject subscription = stripe.completeCheckout(sessionId);
    long now = Instant.now().getEpochSecond();
    JsonObject incomplete = subscription.deepCopy();
    incomplete.addProperty("status", "incomplete");
    String created = event("customer.subscription.created", now - 3, incomplete);
    String paid =
        event("invoice.payment_succeeded", now - 2, StripeEvents.invoice(subscription, true, now));
    String completed = event("checkout.session.completed", now - 2, stripe.session(sessionId));
    String updated = event("customer.subscription.updated", now - 1, subscription);

    List<Reply> replies = new ArrayList<>();
    for (String payload : List.of(updated, updated, created, completed, paid, created)) {
      replies.add(deliver(payload));
    }

    assertThat(replies).extracting(Reply::status).containsOnly(200);
    assertThat(replies)
        .extracting(r -> r.json().get("duplicate").asBoolean())
        .containsExactly(false, true, false, false, false, true);
    JsonNode overview = overview(admin);
    assertThat(overview.get("plan").asText()).isEqualTo("team");
    assertThat(overview.get("status").asText()).isEqualTo("active");
    assertThat(overview.at("/limits/testRuns").asLong()).isEqualTo(1000);
    assertThat(overview.get("portalAvailable").asBoolean()).isTrue();
    assertThat(metric("billing_checkouts_started_total", "plan=\"team\""))
        .isEqualTo(checkoutsBefore + 1);
    assertThat(metric("billing_webhooks_total", "outcome=\"duplicate\"")).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName(
      "the confirmation on return and the webhook racing each other both succeed, and apply once")
  void confirmRacesWebhook() throws Exception {
    Account admin = signUp(api);
    String sessionId = startCheckout(admin, "team");
    JsonObject subscription = stripe.completeCheckout(sessionId);
    String eventId = StripeEvents.newEventId();
    String payload =
        StripeEvents.event(
            eventId, "customer.subscription.created", Instant.now().getEpochSecond(), subscription);

    List<Reply> replies =
        race(
            () -> api.post("/api/billing/checkout/" + sessionId + "/confirm", "", admin.token()),
            () -> deliver(payload));

    assertThat(replies.get(0).status()).as(replies.get(0).body()).isEqualTo(200);
    assertThat(replies.get(0).json().get("plan").asText()).isEqualTo("team");
    assertThat(replies.get(1).status()).as(replies.get(1).body()).isEqualTo(200);
    assertThat(overview(admin).get("plan").asText()).isEqualTo("team");
    Reply again = api.post("/api/billing/checkout/" + sessionId + "/confirm", "", admin.token());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("plan").asText()).isEqualTo("team");
    JsonNode logged = webhookLog(null);
    assertThat(logged.findValues("eventId")).extracting(JsonNode::asText).contains(eventId);
    assertThat(entry(logged, eventId).get("status").asText()).isIn("processed", "stale");
  }

  @Test
  @DisplayName("a subscribed admin changes plan, cancels, resumes and opens the portal")
  void changePlanCancelResumePortal() {
    Account admin = subscribedToTeam();

    Reply changed =
        api.post("/api/billing/change-plan", "{\"plan\":\"enterprise\"}", admin.token());
    Reply canceled = api.post("/api/billing/cancel", "", admin.token());
    Reply resumed = api.post("/api/billing/resume", "", admin.token());
    Reply portal = api.post("/api/billing/portal", "", admin.token());

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().get("plan").asText()).isEqualTo("enterprise");
    assertThat(changed.json().at("/limits/testRuns").isNull()).isTrue();
    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.json().get("cancelAtPeriodEnd").asBoolean()).isTrue();
    assertThat(canceled.json().get("accessEndsAt").isNull()).isFalse();
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json().get("cancelAtPeriodEnd").asBoolean()).isFalse();
    assertThat(portal.status()).isEqualTo(201);
    assertThat(portal.json().get("url").asText()).startsWith(stripe.baseUrl() + "/p/session/");
    assertThat(stripe.requests()).contains("POST /v1/billing_portal/sessions");
  }

  @Test
  @DisplayName(
      "a failed payment moves the subscription to past_due and keeps the paid plan during grace")
  void paymentFailedThenPastDue() {
    Account admin = subscribedToTeam();
    String subscriptionId = overviewSubscription(admin);
    long now = Instant.now().getEpochSecond();
    JsonObject pastDue = stripe.update(subscriptionId, s -> s.addProperty("status", "past_due"));

    Reply failed =
        deliver(event("invoice.payment_failed", now, StripeEvents.invoice(pastDue, false, now)));
    Reply updated = deliver(event("customer.subscription.updated", now + 1, pastDue));

    assertThat(failed.status()).isEqualTo(200);
    assertThat(updated.status()).isEqualTo(200);
    JsonNode overview = overview(admin);
    assertThat(overview.get("status").asText()).isEqualTo("past_due");
    assertThat(overview.get("plan").asText()).isEqualTo("team");
    assertThat(overview.get("accessEndsAt").isNull()).isFalse();
  }

  @Test
  @DisplayName(
      "events of API version 2024-09-30.acacia are applied; the version is noted once in the log"
          + " and in /metrics, not per event")
  void olderApiVersionApplied() {
    Account admin = subscribedToTeam();
    String subscriptionId = overviewSubscription(admin);
    JsonObject canceling =
        stripe.update(subscriptionId, s -> s.addProperty("cancel_at_period_end", true));
    JsonObject acacia = StripeEvents.acaciaSubscription(canceling);
    long now = Instant.now().getEpochSecond();
    Logger logger = (Logger) LoggerFactory.getLogger(StripeApiVersions.class);
    ListAppender<ILoggingEvent> versionLog = new ListAppender<>();
    versionLog.start();
    logger.addAppender(versionLog);
    List<Reply> replies = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        replies.add(
            deliver(
                StripeEvents.event(
                    "2024-09-30.acacia",
                    StripeEvents.newEventId(),
                    "customer.subscription.updated",
                    now + i,
                    acacia)));
      }
    } finally {
      logger.detachAppender(versionLog);
    }

    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
    assertThat(overview(admin).get("cancelAtPeriodEnd").asBoolean()).isTrue();
    assertThat(versionLog.list)
        .filteredOn(e -> e.getFormattedMessage().contains("2024-09-30.acacia"))
        .hasSize(1);
    assertThat(metric("billing_stripe_api_version_seen", "version=\"2024-09-30.acacia\""))
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName(
      "an operator sees metrics; a failed event is listed as error and processed on replay")
  void operatorMetricsAndReplay() {
    Account operator = operator();
    Account admin = signUp(api);
    String sessionId = startCheckout(admin, "team");
    String subscriptionId = stripe.completeCheckout(sessionId).get("id").getAsString();
    stripe.hide(subscriptionId, true);
    String eventId = StripeEvents.newEventId();
    String payload =
        StripeEvents.event(
            eventId,
            "checkout.session.completed",
            Instant.now().getEpochSecond(),
            stripe.session(sessionId));

    Reply failed = deliver(payload);
    JsonNode errors = webhookLogAs(operator, "error");
    stripe.hide(subscriptionId, false);
    Reply replayed = api.post("/api/admin/webhooks/" + eventId + "/replay", "", operator.token());
    Reply metrics = api.get("/api/admin/metrics", operator.token());

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.json().get("code").asText()).isEqualTo("event_processing_failed");
    assertThat(entry(errors, eventId).get("error").asText()).contains(subscriptionId);
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
    assertThat(replayed.json().get("status").asText()).isEqualTo("processed");
    assertThat(overview(admin).get("plan").asText()).isEqualTo("team");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.json().get("checkoutsCreatedToday").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(metrics.json().get("webhooksToday").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(metric("billing_webhooks_total", "outcome=\"error\"")).isGreaterThanOrEqualTo(1);
  }

  @Test
  @DisplayName("GET /metrics serves Prometheus text with webhook, checkout and login series")
  void prometheusEndpoint() {
    api.get("/api/billing/plans", (String) null);

    Reply reply = api.get("/metrics", (String) null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(reply.body())
        .contains("billing_checkouts_confirmed_total")
        .contains("billing_login_throttled_total")
        .contains(
            "billing_http_requests_seconds_count{method=\"GET\",route=\"/api/billing/plans\",status=\"200\"}");
  }

  @Test
  @DisplayName("readiness answers 200 with the store up")
  void readiness() {
    Reply ready = api.get("/health/ready", (String) null);

    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().at("/checks/store").asText()).isEqualTo("up");
  }

  @Test
  @DisplayName("expired, tampered and alg:none tokens are refused with 401")
  void badTokens() {
    Account admin = signUp(api);
    DecodedJWT valid = JWT.decode(admin.token());
    String expired =
        JWT.create()
            .withIssuer(valid.getIssuer())
            .withAudience(valid.getAudience().toArray(String[]::new))
            .withSubject(valid.getSubject())
            .withClaim("org", valid.getClaim("org").asString())
            .withClaim("role", valid.getClaim("role").asString())
            .withClaim("email", valid.getClaim("email").asString())
            .withIssuedAt(Date.from(Instant.now().minusSeconds(7200)))
            .withExpiresAt(Date.from(Instant.now().minusSeconds(60)))
            .sign(Algorithm.HMAC256(TestServers.JWT_SECRET));
    String[] parts = admin.token().split("\\.");
    String otherRole =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"admin\"", "\"member\"");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(otherRole.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    String noneHeader =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String algNone = noneHeader + "." + parts[1] + ".";

    assertThat(api.get("/api/billing", admin.token()).status()).isEqualTo(200);
    for (String token : List.of(expired, tampered, algNone)) {
      Reply reply = api.get("/api/billing", token);
      assertThat(reply.status()).as(token).isEqualTo(401);
      assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
  }

  @Test
  @DisplayName("only the configured origin receives CORS headers")
  void corsOnlyForAllowedOrigin() {
    Reply allowed = api.get("/api/billing/plans", Map.of("Origin", TestServers.ALLOWED_ORIGIN));
    Reply other = api.get("/api/billing/plans", Map.of("Origin", "https://evil.example"));

    assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(TestServers.ALLOWED_ORIGIN);
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  @DisplayName(
      "missing, wrong, stale and future signatures are refused with 400 and change nothing")
  void badSignatures() {
    long now = Instant.now().getEpochSecond();
    String eventId = StripeEvents.newEventId();
    String payload = StripeEvents.event(eventId, "customer.created", now, new JsonObject());

    Reply missing = api.webhook(payload, null);
    Reply wrong =
        api.webhook(payload, StripeEvents.signature(payload, now, "whsec_someoneElse123"));
    Reply stale =
        api.webhook(
            payload, StripeEvents.signature(payload, now - 400, TestServers.WEBHOOK_SECRET));
    Reply future =
        api.webhook(
            payload, StripeEvents.signature(payload, now + 400, TestServers.WEBHOOK_SECRET));

    assertThat(List.of(missing, wrong, stale, future)).extracting(Reply::status).containsOnly(400);
    assertThat(missing.json().get("code").asText()).isEqualTo("missing_signature");
    assertThat(wrong.json().get("code").asText()).isEqualTo("invalid_signature");
    assertThat(stale.json().get("code").asText()).isEqualTo("timestamp_out_of_tolerance");
    assertThat(future.json().get("code").asText()).isEqualTo("timestamp_out_of_tolerance");
    assertThat(webhookLog(null).findValues("eventId"))
        .extracting(JsonNode::asText)
        .doesNotContain(eventId);
  }

  @Test
  @DisplayName("bodies over their limit are refused with 413")
  void oversizedBodies() {
    Account admin = signUp(api);
    String big = "x".repeat(1024 * 1024 + 10);
    Reply webhook =
        api.webhook(
            big,
            StripeEvents.signature(
                big, Instant.now().getEpochSecond(), TestServers.WEBHOOK_SECRET));
    Reply json =
        api.post(
            "/api/usage/test-runs", "{\"runId\":\"" + "y".repeat(70 * 1024) + "\"}", admin.token());

    assertThat(webhook.status()).isEqualTo(413);
    assertThat(json.status()).isEqualTo(413);
    assertThat(overview(admin).at("/usage/testRuns/used").asLong()).isZero();
  }

  // ---- helpers ----

  private static JsonNode overview(Account account) {
    Reply reply = api.get("/api/billing", account.token());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static Reply recordRuns(Account account, String runId, int quantity) {
    return api.post(
        "/api/usage/test-runs",
        ApiClient.json(Map.of("runId", runId, "quantity", quantity)),
        account.token());
  }

  private static List<Integer> thresholds(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    List<Integer> thresholds = new ArrayList<>();
    reply.json().get("alerts").forEach(a -> thresholds.add(a.get("threshold").asInt()));
    return thresholds;
  }

  private static Reply addMember(Account admin, String email) {
    return api.post(
        "/api/organization/members",
        ApiClient.json(Map.of("email", email, "password", Accounts.PASSWORD, "role", "member")),
        admin.token());
  }

  private static String startCheckout(Account admin, String plan) {
    Reply checkout =
        api.post("/api/billing/checkout", "{\"plan\":\"" + plan + "\"}", admin.token());
    assertThat(checkout.status()).as(checkout.body()).isEqualTo(201);
    return checkout.json().get("sessionId").asText();
  }

  /** Checkout paid on the fake Stripe and confirmed on return. */
  private static Account subscribedToTeam() {
    Account admin = signUp(api);
    String sessionId = startCheckout(admin, "team");
    stripe.completeCheckout(sessionId);
    Reply confirmed =
        api.post("/api/billing/checkout/" + sessionId + "/confirm", "", admin.token());
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    assertThat(confirmed.json().get("plan").asText()).isEqualTo("team");
    return admin;
  }

  private static String overviewSubscription(Account admin) {
    String organizationId = admin.organizationId();
    return stripe.requests().stream()
        .filter(r -> r.startsWith("GET /v1/subscriptions/"))
        .map(r -> r.substring("GET /v1/subscriptions/".length()))
        .filter(
            id ->
                stripe
                    .subscription(id)
                    .getAsJsonObject("metadata")
                    .get("organizationId")
                    .getAsString()
                    .equals(organizationId))
        .findFirst()
        .orElseThrow();
  }

  private static String event(String type, long created, JsonObject object) {
    return StripeEvents.event(StripeEvents.newEventId(), type, created, object);
  }

  private static Reply deliver(String payload) {
    return api.webhook(
        payload,
        StripeEvents.signature(
            payload, Instant.now().getEpochSecond(), TestServers.WEBHOOK_SECRET));
  }

  private static JsonNode webhookLog(String status) {
    return webhookLogAs(operator(), status);
  }

  private static Account operatorAccount;

  private static synchronized Account operator() {
    if (operatorAccount == null) {
      // Made by 'operators add' before the server started; logging in gives the claim.
      operatorAccount =
          new Account(
              TestServers.OPERATOR_EMAIL, Accounts.logIn(api, TestServers.OPERATOR_EMAIL), null);
    }
    return operatorAccount;
  }

  private static JsonNode webhookLogAs(Account operator, String status) {
    Reply reply =
        api.get(
            "/api/admin/webhooks?limit=100" + (status == null ? "" : "&status=" + status),
            operator.token());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("items");
  }

  private static JsonNode entry(JsonNode items, String eventId) {
    for (JsonNode item : items) {
      if (item.get("eventId").asText().equals(eventId)) {
        return item;
      }
    }
    throw new AssertionError("event " + eventId + " not listed in " + items);
  }

  /** Runs the calls at the same moment (a start gate) and returns their answers in order. */
  @SafeVarargs
  private static List<Reply> race(Callable<Reply>... calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.length);
    try {
      CountDownLatch gate = new CountDownLatch(1);
      List<Future<Reply>> futures = new ArrayList<>();
      for (Callable<Reply> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  gate.await();
                  return call.call();
                }));
      }
      gate.countDown();
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> future : futures) {
        replies.add(future.get());
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The sum of the Prometheus samples of {@code name} whose labels contain {@code label}. */
  private static double metric(String name, String label) {
    String body = api.get("/metrics", (String) null).body();
    Matcher m =
        Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(body);
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "memberships are kept between requests on SQLite, yet a member removed or demoted during a"
          + " burst of its usage records loses access with the next request")
  void removalDuringABurstTakesEffectAtOnce() {
    Accounts.Account ada = Accounts.signUp(api);
    String bob = memberLoggedIn(ada, "bob", "admin");
    String cy = memberLoggedIn(ada, "cy", "member");
    // Both memberships are read, and kept, before the change.
    assertThat(api.post(KEPT_USAGE, "{\"runId\":\"warm-cy\"}", cy).status()).isEqualTo(201);
    assertThat(api.get("/api/organization/members", bob).status()).isEqualTo(200);

    List<ApiClient.Reply> replies =
        Race.all(
            18,
            i ->
                switch (i) {
                  case 0 -> api.delete(KEPT_MEMBERS + Accounts.memberIdOf(cy), ada.token());
                  case 1 ->
                      api.patch(
                          KEPT_MEMBERS + Accounts.memberIdOf(bob),
                          "{\"role\":\"member\"}",
                          ada.token());
                  default -> api.post(KEPT_USAGE, "{\"runId\":\"burst-" + i + "\"}", cy);
                });

    assertThat(replies.get(0).status()).as(replies.get(0).body()).isEqualTo(204);
    assertThat(replies.get(1).status()).as(replies.get(1).body()).isEqualTo(200);
    assertThat(replies.subList(2, replies.size()))
        .allSatisfy(r -> assertThat(r.status()).isIn(201, 401));
    assertThat(api.post(KEPT_USAGE, "{\"runId\":\"after\"}", cy).status()).isEqualTo(401);
    assertThat(api.get("/api/organization/members", cy).status()).isEqualTo(401);
    assertThat(api.delete(KEPT_MEMBERS + Accounts.memberIdOf(ada.token()), bob).status())
        .isEqualTo(403);
    assertThat(api.post(KEPT_USAGE, "{\"runId\":\"ada\"}", ada.token()).status()).isEqualTo(201);
  }

  /** A new member of {@code admin}'s organization with {@code role}, logged in: its token. */
  private static String memberLoggedIn(Accounts.Account admin, String name, String role) {
    String email = Accounts.uniqueEmail(name);
    assertThat(Accounts.addMember(api, admin, email, role).status()).isEqualTo(201);
    return Accounts.logIn(api, email);
  }
}

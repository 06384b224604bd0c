package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.adapter.http.RawHttp.RawAnswer;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.testkit.builder.Builders;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hot routes served by {@link FastRoutes} answer byte for byte what Javalin answers for them
 * (status, every header but {@code Date}, body), for successes, refusals and every auth failure;
 * requests outside its simple case reach Javalin, which still cuts slow bodies off.
 */
@DisplayName("Fast routes: the hot routes answer exactly as through Javalin")
class FastRoutesApiTest {
  private static final String USAGE = "/api/usage/test-runs";
  private static final String WEBHOOK = "/api/webhooks/stripe";

  private final List<String> fastHeard = new CopyOnWriteArrayList<>();
  private final List<String> javalinHeard = new CopyOnWriteArrayList<>();
  private final ApiHarness fast = harness(true, fastHeard, Duration.ofSeconds(10));
  private final ApiHarness javalin = harness(false, javalinHeard, Duration.ofSeconds(10));
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    fast.close();
    javalin.close();
  }

  /** A harness whose listener notes each answered request and whether Javalin's servlet ran it. */
  private static ApiHarness harness(boolean fastRoutes, List<String> heard, Duration deadline) {
    return ApiHarness.start(
        o -> {
          o.fastRoutes = fastRoutes;
          o.settings =
              s -> s.toBuilder().slowBodies(new HttpSettings.SlowBodies(deadline, 100)).build();
          o.listener =
              new BillingHttpListener() {
                @Override
                public void requestCompleted(String method, String route, int status, long nanos) {
                  boolean servlet = false;
                  for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
                    servlet |= frame.getClassName().startsWith("io.javalin.");
                  }
                  heard.add(method + " " + route + " " + status + (servlet ? " javalin" : " fast"));
                }

                @Override
                public void webhookHandled(
                    String eventType, io.agnosticbilling.domain.port.in.EventOutcome outcome) {
                  heard.add("webhookHandled " + eventType + " " + outcome.duplicate());
                }

                @Override
                public void webhookRejected(String reason) {
                  heard.add("webhookRejected " + reason);
                }

                @Override
                public void limitRefused(io.agnosticbilling.domain.usage.LimitExceeded refusal) {
                  heard.add("limitRefused " + refusal.metric());
                }
              };
        });
  }

  /** One request, written by a scenario for a harness and its signed-up session. */
  private record Step(String name, BiFunction<ApiHarness, Session, String> request) {}

  private static String post(String path, String body, String... headers) {
    StringBuilder request =
        new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    return request + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static BillingEvent subscriptionCreated(Session session, String eventId) {
    return Builders.aSubscriptionEvent(Change.CREATED)
        .eventId(eventId)
        .created(ApiHarness.START)
        .subscription(
            Builders.aSubscriptionSnapshot()
                .id("sub_1")
                .customer("cus_1")
                .organization(session.organizationId().value())
                .price("price_team")
                .period(ApiHarness.START, ApiHarness.START.plus(Duration.ofDays(30)))
                .startedAt(ApiHarness.START))
        .build();
  }

  private static final String WEBHOOK_BODY =
      "{\"id\":\"evt_1\",\"type\":\"customer.subscription.created\"}";

  private static List<Step> steps() {
    String json = "application/json";
    return List.of(
        new Step(
            "recorded, from an allowed origin",
            (api, s) ->
                post(
                    USAGE,
                    "{\"runId\":\"run-1\"}",
                    "Authorization",
                    "Bearer " + s.token(),
                    "Content-Type",
                    json,
                    "Origin",
                    ApiHarness.ALLOWED_ORIGIN)),
        new Step(
            "the same run again, from another origin",
            (api, s) ->
                post(
                    USAGE,
                    "{\"runId\":\"run-1\",\"quantity\":1}",
                    "Authorization",
                    "Bearer " + s.token(),
                    "Origin",
                    "https://evil.example.com")),
        new Step("no token", (api, s) -> post(USAGE, "{\"runId\":\"run-2\"}")),
        new Step(
            "not a bearer token",
            (api, s) -> post(USAGE, "{\"runId\":\"run-2\"}", "Authorization", "Basic YTpi")),
        new Step(
            "a token that does not verify",
            (api, s) ->
                post(
                    USAGE,
                    "{\"runId\":\"run-2\"}",
                    "Authorization",
                    "Bearer " + s.token().substring(0, s.token().length() - 2) + "xx")),
        new Step(
            "malformed JSON",
            (api, s) -> post(USAGE, "{\"runId\":", "Authorization", "Bearer " + s.token())),
        new Step(
            "no run id", (api, s) -> post(USAGE, "{}", "Authorization", "Bearer " + s.token())),
        new Step(
            "an empty body", (api, s) -> post(USAGE, "", "Authorization", "Bearer " + s.token())),
        new Step(
            "over the free plan's limit",
            (api, s) ->
                post(
                    USAGE,
                    "{\"runId\":\"run-3\",\"quantity\":101}",
                    "Authorization",
                    "Bearer " + s.token())),
        new Step(
            "a query string (served by Javalin)",
            (api, s) ->
                post(
                    USAGE + "?x=1",
                    "{\"runId\":\"run-4\"}",
                    "Authorization",
                    "Bearer " + s.token())),
        new Step(
            "a body over the limit (served by Javalin)",
            (api, s) ->
                post(
                    USAGE,
                    "{\"runId\":\"" + "x".repeat(70_000) + "\"}",
                    "Authorization",
                    "Bearer " + s.token())),
        new Step("webhook without a signature", (api, s) -> post(WEBHOOK, WEBHOOK_BODY)),
        new Step(
            "webhook with a wrong signature",
            (api, s) -> post(WEBHOOK, WEBHOOK_BODY, "Stripe-Signature", "t=1,v1=wrong")),
        new Step(
            "webhook verified",
            (api, s) -> {
              api.verifier.register(WEBHOOK_BODY, subscriptionCreated(s, "evt_1"));
              return post(WEBHOOK, WEBHOOK_BODY, "Stripe-Signature", FakePaymentEvents.VALID);
            }),
        new Step(
            "webhook delivered again",
            (api, s) -> post(WEBHOOK, WEBHOOK_BODY, "Stripe-Signature", FakePaymentEvents.VALID)),
        new Step(
            "recorded on the team plan",
            (api, s) ->
                post(
                    USAGE,
                    "{\"runId\":\"run-5\",\"quantity\":101}",
                    "Authorization",
                    "Bearer " + s.token())));
  }

  @Test
  @DisplayName("every answer of the hot routes equals Javalin's: status, headers and body")
  void answersEqualJavalins() {
    Session viaFast = fast.signUp("ada@example.com", "Engines");
    Session viaJavalin = javalin.signUp("ada@example.com", "Engines");
    fastHeard.clear();
    javalinHeard.clear();

    for (Step step : steps()) {
      RawAnswer fromFast = RawHttp.exchange(fast.app.port(), step.request().apply(fast, viaFast));
      RawAnswer fromJavalin =
          RawHttp.exchange(javalin.app.port(), step.request().apply(javalin, viaJavalin));

      assertThat(comparable(fromFast, viaFast))
          .as(step.name())
          .isEqualTo(comparable(fromJavalin, viaJavalin));
    }

    assertThat(fastHeard).hasSameSizeAs(javalinHeard);
    for (int i = 0; i < fastHeard.size(); i++) {
      assertThat(fastHeard.get(i).replace(" fast", " javalin")).isEqualTo(javalinHeard.get(i));
    }
    assertThat(javalinHeard).noneMatch(line -> line.endsWith(" fast"));
    // Only what is outside the simple case reached Javalin on the fast harness.
    assertThat(fastHeard.stream().filter(line -> line.endsWith(" javalin")))
        .containsExactly(
            "POST /api/usage/test-runs 201 javalin", "POST /api/usage/test-runs 413 javalin");
    assertThat(fastHeard).contains("POST /api/usage/test-runs 201 fast");
    assertThat(fastHeard).contains("POST /api/webhooks/stripe 200 fast");
    assertThat(fastHeard).contains("webhookHandled customer.subscription.created true");
    assertThat(fastHeard).contains("limitRefused testRuns");
  }

  @Test
  @DisplayName("a removed member's token is refused on the fast route at once")
  void removedMemberIsRefused() {
    Session admin = fast.signUp("ada@example.com", "Engines");
    String member = fast.memberToken(admin, "bob@example.com", "member");
    String request = post(USAGE, "{\"runId\":\"run-1\"}", "Authorization", "Bearer " + member);
    assertThat(RawHttp.exchange(fast.app.port(), request).status()).isEqualTo(201);

    assertThat(
            fast.delete("/api/organization/members/" + ApiHarness.subjectOf(member), admin.token())
                .status())
        .isEqualTo(204);

    RawAnswer refused = RawHttp.exchange(fast.app.port(), request);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().path("code").asText()).isEqualTo("invalid_token");
    assertThat(refused.header("WWW-Authenticate")).hasValue("Bearer");
    assertThat(fastHeard).contains("POST /api/usage/test-runs 401 fast");
  }

  @Test
  @DisplayName("a usage body that arrives in pieces is served by Javalin; one that stalls gets 408")
  void bodiesNotYetReceivedGoToJavalin() throws Exception {
    try (ApiHarness api = harness(true, fastHeard, Duration.ofSeconds(2))) {
      Session ada = api.signUp("ada@example.com", "Engines");
      fastHeard.clear();
      String body = "{\"runId\":\"run-in-pieces\"}";
      String head =
          "POST "
              + USAGE
              + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
              + ada.token()
              + "\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n";

      Socket pieces = RawHttp.open(api.app.port());
      sockets.add(pieces);
      OutputStream out = pieces.getOutputStream();
      out.write((head + body.substring(0, 5)).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300);
      out.write(body.substring(5).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(RawHttp.read(pieces.getInputStream()).status()).isEqualTo(201);

      Socket stalled = RawHttp.open(api.app.port());
      sockets.add(stalled);
      stalled.getOutputStream().write((head + "{").getBytes(StandardCharsets.US_ASCII));
      RawAnswer cut = RawHttp.read(stalled.getInputStream());
      assertThat(cut.status()).isEqualTo(408);
      assertThat(cut.json().path("code").asText()).isEqualTo("request_timeout");
      assertThat(fastHeard).containsExactly("POST /api/usage/test-runs 201 javalin");
    }
  }

  /** Status, headers without Date, and body, with the harness's own organization id masked. */
  private static Map<String, Object> comparable(RawAnswer answer, Session session) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("status", answer.status());
    Map<String, String> headers = new LinkedHashMap<>(answer.headers());
    headers.remove("date");
    view.put("headers", headers);
    view.put("body", answer.body().replace(session.organizationId().value(), "<org>"));
    return view;
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.usage.LimitExceeded;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Headers, CORS, body limits and problem answers on every route")
class HttpHygieneApiTest {
  private ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("success, refusal and unknown-route answers all carry nosniff and no-referrer")
  void securityHeadersOnEveryAnswer() {
    List<Answer> answers =
        List.of(
            api.get("/health", null),
            api.get("/api/billing", null),
            api.get("/api/nothing-here", null),
            api.get("/favicon.ico", null));

    for (Answer answer : answers) {
      assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.header("Referrer-Policy")).hasValue("no-referrer");
      assertThat(answer.header("Strict-Transport-Security")).isEmpty();
    }
  }

  @Test
  void givenProduction_whenAnswering_thenStrictTransportSecurityIsSent() {
    api.close();
    api = ApiHarness.start(o -> o.settings = s -> s.withProduction(true));

    assertThat(api.get("/health", null).header("Strict-Transport-Security"))
        .hasValue(ResponseHeaders.HSTS);
    assertThat(api.get("/api/billing", null).header("Strict-Transport-Security"))
        .hasValue(ResponseHeaders.HSTS);
  }

  @Test
  void givenAllowedOrigin_whenCalling_thenThatExactOriginIsAllowed() {
    Answer answer =
        api.send(
            "GET",
            "/api/billing/plans",
            HttpRequest.BodyPublishers.noBody(),
            "Origin",
            ApiHarness.ALLOWED_ORIGIN);

    assertThat(answer.header("Access-Control-Allow-Origin")).hasValue(ApiHarness.ALLOWED_ORIGIN);
    assertThat(answer.header("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Origin"));
  }

  @Test
  @DisplayName("another origin, even a look-alike, gets no CORS header on calls or preflights")
  void disallowedOriginGetsNoCorsHeaders() {
    for (String origin :
        List.of("https://evil.example.com", "https://app.example.com.evil.test", "null")) {
      Answer call =
          api.send(
              "GET", "/api/billing/plans", HttpRequest.BodyPublishers.noBody(), "Origin", origin);
      Answer preflight =
          api.send(
              "OPTIONS",
              "/api/billing/checkout",
              HttpRequest.BodyPublishers.noBody(),
              "Origin",
              origin,
              "Access-Control-Request-Method",
              "POST");

      assertThat(call.header("Access-Control-Allow-Origin")).isEmpty();
      assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
      assertThat(preflight.header("Access-Control-Allow-Methods")).isEmpty();
      assertThat(preflight.header("Access-Control-Allow-Headers")).isEmpty();
      preflight.problem(403, "origin_not_allowed");
    }
  }

  @Test
  void givenAllowedOrigin_whenPreflighting_then204WithMethodsAndHeaders() {
    Answer preflight =
        api.send(
            "OPTIONS",
            "/api/billing/checkout/cs_test_1/confirm",
            HttpRequest.BodyPublishers.noBody(),
            "Origin",
            ApiHarness.ALLOWED_ORIGIN,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "authorization, content-type");

    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(ApiHarness.ALLOWED_ORIGIN);
    assertThat(preflight.header("Access-Control-Allow-Methods"))
        .hasValue("GET, POST, PATCH, DELETE, OPTIONS");
    assertThat(preflight.header("Access-Control-Allow-Headers"))
        .hasValue("Authorization, Content-Type");
  }

  @Test
  void givenMalformedJson_whenPosting_then400MalformedJson() {
    api.post("/api/auth/signup", "{\"email\": ", null).problem(400, "malformed_json");
    api.post("/api/auth/signup", "[1,2]", null).problem(400, "malformed_json");
    api.post("/api/auth/signup", "", null).problem(400, "malformed_json");
    api.post("/api/auth/signup", "{\"email\":\"a@b.co\",\"email\":\"c@d.co\"}", null)
        .problem(400, "malformed_json");
  }

  @Test
  void givenFieldOfWrongType_whenPosting_then400NamingTheField() {
    Answer answer =
        api.post(
            "/api/auth/signup",
            "{\"email\":42,\"password\":\"12345678\",\"organizationName\":\"X\"}",
            null);

    assertThat(answer.problem(400, "invalid_input").path("field").asText()).isEqualTo("email");
  }

  @Test
  void givenUnknownRoute_whenCalling_then404Problem() {
    Answer answer = api.get("/api/billing/nothing", null);

    assertThat(answer.problem(404, "route_not_found").path("instance").asText())
        .isEqualTo("/api/billing/nothing");
  }

  @Test
  void givenKnownPathWithWrongMethod_whenCalling_then405WithAllow() {
    Answer answer = api.get("/api/billing/checkout", null);

    answer.problem(405, "method_not_allowed");
    assertThat(answer.header("Allow")).hasValue("POST, OPTIONS");
    Answer withParam = api.get("/api/admin/webhooks/evt_1/replay", null);
    withParam.problem(405, "method_not_allowed");
  }

  @Test
  @DisplayName("a JSON body over 64 KiB gets 413, declared or streamed without Content-Length")
  void oversizedJsonBodyIs413() {
    String padding = "x".repeat(HttpSettings.DEFAULT_MAX_BODY_BYTES);
    String big =
        "{\"email\":\"a@example.com\",\"password\":\"" + padding + "\",\"organizationName\":\"X\"}";

    Answer declared = api.post("/api/auth/signup", big, null);
    Answer chunked =
        api.send(
            "POST",
            "/api/auth/signup",
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(big.getBytes())),
            "Content-Type",
            "application/json");

    assertThat(declared.problem(413, "body_too_large").path("limitBytes").asInt())
        .isEqualTo(HttpSettings.DEFAULT_MAX_BODY_BYTES);
    chunked.problem(413, "body_too_large");
    assertThat(
            api.post(
                    "/api/auth/login",
                    "{\"email\":\"a@example.com\",\"password\":\""
                        + padding.substring(0, 10)
                        + "\"}",
                    null)
                .status())
        .as("no account was created")
        .isEqualTo(401);
  }

  @Test
  @DisplayName("problem answers carry no stack trace, exception class or secret")
  void problemsLeakNothing() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.payments.failNext(
        new PaymentProviderException(
            PaymentProviderException.Kind.AUTHENTICATION,
            "Invalid API Key provided: sk_test_****abcd"));

    Answer answer = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

    answer.problem(502, "provider_authentication");
    assertThat(answer.body())
        .doesNotContain("sk_test")
        .doesNotContain("Exception")
        .doesNotContain("at io.")
        .doesNotContain(ApiHarness.SECRET);
  }

  @Test
  void healthAnswersOkWhileRunning() {
    Answer answer = api.get("/health", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("status").asText()).isEqualTo("ok");
    assertThat(answer.contentType()).startsWith("application/json");
  }

  @Test
  @DisplayName("readiness is 200 when every check answers and 503 naming the part that did not")
  void readinessNamesTheFailingPart() {
    api.close();
    api =
        ApiHarness.start(
            o ->
                o.readinessChecks =
                    List.of(
                        ReadinessCheck.of("store", () -> true),
                        ReadinessCheck.of(
                            "redis",
                            () -> {
                              throw new IllegalStateException("redis://:hunter2@cache down");
                            })));

    Answer answer = api.get("/health/ready", null);

    var problem = answer.problem(503, "not_ready");
    assertThat(problem.path("checks").path("store").asText()).isEqualTo("up");
    assertThat(problem.path("checks").path("redis").asText()).isEqualTo("down");
    assertThat(problem.path("detail").asText()).contains("redis").doesNotContain("store");
    assertThat(answer.body()).doesNotContain("hunter2");
  }

  @Test
  void givenAllChecksUp_whenAskingReadiness_then200() {
    api.close();
    api =
        ApiHarness.start(o -> o.readinessChecks = List.of(ReadinessCheck.of("store", () -> true)));

    Answer answer = api.get("/health/ready", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("checks").path("store").asText()).isEqualTo("up");
  }

  @Test
  void givenListenerThatThrows_whenAnswering_thenTheAnswerIsUnchanged() {
    api.close();
    api =
        ApiHarness.start(
            o ->
                o.listener =
                    new BillingHttpListener() {
                      @Override
                      public void requestCompleted(
                          String method, String route, int status, long durationNanos) {
                        throw new IllegalStateException("metrics registry is down");
                      }

                      @Override
                      public void limitRefused(LimitExceeded r) {
                        throw new IllegalStateException("metrics registry is down");
                      }
                    });
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer refused =
        api.post("/api/usage/test-runs", "{\"runId\":\"r\",\"quantity\":101}", ada.token());

    refused.problem(402, "limit_exceeded");
  }
}

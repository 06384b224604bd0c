package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.adapter.http.RawHttp.RawAnswer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Answers Jetty makes itself and malformed path parameters are problems too")
class PreRoutingAnswersApiTest {
  private ApiHarness api = ApiHarness.start(o -> o.settings = s -> s.withProduction(true));

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("a malformed escape in a session or event id is a 400 problem, logged once at most")
  void malformedPathParameterIs400() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String token = api.memberToken(ada, "bob@example.com", "admin");

    try (LogCapture log = LogCapture.start()) {
      RawAnswer confirm =
          RawHttp.exchange(
              api.app.port(),
              "POST /api/billing/checkout/%u0041/confirm HTTP/1.1\r\nHost: localhost\r\n"
                  + "Authorization: Bearer "
                  + token
                  + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      RawAnswer replay =
          RawHttp.exchange(
              api.app.port(),
              "POST /api/admin/webhooks/evt_%u0041/replay HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Length: 0\r\nConnection: close\r\n\r\n");

      assertProblem(confirm, 400);
      assertProblem(replay, 400);
      assertThat(log.lines()).as("log lines for two bad requests").hasSizeLessThanOrEqualTo(2);
      assertThat(log.events()).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }
  }

  @Test
  @DisplayName("a bad request line is answered with a problem and the security headers")
  void badRequestLine() {
    RawAnswer answer = RawHttp.exchange(api.app.port(), "GARBAGE\r\nHost: localhost\r\n\r\n");

    assertProblem(answer, 400);
  }

  @Test
  @DisplayName("a URI over the limit is answered 414 with a problem and the security headers")
  void uriTooLong() {
    RawAnswer answer =
        RawHttp.exchange(
            api.app.port(),
            "GET /api/billing/"
                + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertProblem(answer, 414);
  }

  @Test
  @DisplayName("headers over the limit are answered 431 with a problem and the security headers")
  void headersTooLarge() {
    RawAnswer answer =
        RawHttp.exchange(
            api.app.port(),
            "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: "
                + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

    assertProblem(answer, 431);
  }

  private static JsonNode assertProblem(RawAnswer answer, int status) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(answer.header("Referrer-Policy")).hasValue("no-referrer");
    assertThat(answer.header("Strict-Transport-Security")).hasValue(ResponseHeaders.HSTS);
    JsonNode problem = answer.json();
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("code").asText()).isNotBlank();
    assertThat(problem.path("type").asText()).startsWith("urn:agnostic-billing:problem:");
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("jetty");
    return problem;
  }
}

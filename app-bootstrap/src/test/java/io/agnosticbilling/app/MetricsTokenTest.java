package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** METRICS_TOKEN over HTTP on the real server, and its validation and masking by the CLI. */
class MetricsTokenTest {
  private static final String TOKEN = "scrape-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workDir;
  private final HttpClient client = HttpClient.newHttpClient();

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("BILLING_DATA_DIR", workDir.resolve("data").toString());
    env.put("JWT_SECRET", TestServers.JWT_SECRET);
    return env;
  }

  private BillingServer start(Map<String, String> env) {
    BillingConfigLoader.Loaded loaded = new BillingConfigLoader().load(env, workDir);
    return BillingServer.start(loaded.config(), Clock.systemUTC(), loaded.warnings());
  }

  private HttpResponse<String> scrape(BillingServer server, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .timeout(Duration.ofSeconds(20))
            .GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName(
      "with METRICS_TOKEN, /metrics answers only 'Bearer <token>'; others get a 401 problem")
  void tokenProtectsMetrics() throws Exception {
    Map<String, String> env = environment();
    env.put("METRICS_TOKEN", TOKEN);
    try (BillingServer server = start(env)) {
      HttpResponse<String> none = scrape(server, null);
      HttpResponse<String> wrong = scrape(server, "Bearer " + TOKEN + "x");
      HttpResponse<String> prefix = scrape(server, "Bearer " + TOKEN.substring(0, 10));
      HttpResponse<String> basic = scrape(server, "Basic " + TOKEN);
      HttpResponse<String> right = scrape(server, "Bearer " + TOKEN);

      assertProblem(none, "authentication_required");
      assertProblem(wrong, "invalid_token");
      assertProblem(prefix, "invalid_token");
      assertProblem(basic, "invalid_token");
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      assertThat(right.body()).contains("billing_http_requests_seconds_count");
      assertThat(right.body() + wrong.body()).doesNotContain(TOKEN);
    }
  }

  @Test
  @DisplayName("the standalone server's /openapi.json lists /metrics with its token, and itself")
  void documentListsMetrics() throws Exception {
    try (BillingServer server = start(environment())) {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/openapi.json"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode paths = JSON.readTree(answer.body()).path("paths");

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(paths.at("/~1metrics/get/security/1/metricsToken").isArray()).isTrue();
      assertThat(paths.at("/~1metrics/get/responses/401/content").isObject()).isTrue();
      assertThat(paths.has("/openapi.json")).isTrue();
      assertThat(paths.has("/api/billing/plans")).isTrue();
    }
  }

  @Test
  @DisplayName("without METRICS_TOKEN, /metrics stays open as before")
  void openWithoutToken() throws Exception {
    try (BillingServer server = start(environment())) {
      HttpResponse<String> open = scrape(server, null);

      assertThat(open.statusCode()).isEqualTo(200);
      assertThat(open.body()).contains("billing_checkouts_confirmed_total");
    }
  }

  @Test
  @DisplayName("a short METRICS_TOKEN is refused in production and warned about elsewhere")
  void shortTokenRules() {
    Map<String, String> production = new HashMap<>();
    production.put("APP_ENV", "production");
    production.put("METRICS_TOKEN", "short-secret");

    CliRun refused = CliRun.run(workDir, production, "config", "check");
    CliRun warned = CliRun.run(workDir, Map.of("METRICS_TOKEN", "short-secret"), "config", "check");

    assertThat(refused.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(refused.err())
        .contains("METRICS_TOKEN must be at least 16 characters in production (it has 12;")
        .doesNotContain("short-secret");
    assertThat(warned.code()).as(warned.err()).isZero();
    assertThat(warned.out())
        .contains("Warning: METRICS_TOKEN should be at least 16 characters (it has 12;")
        .doesNotContain("short-secret");
  }

  @Test
  @DisplayName("config check shows METRICS_TOKEN masked, or that /metrics is open")
  void configCheckMasksToken() {
    CliRun set = CliRun.run(workDir, Map.of("METRICS_TOKEN", TOKEN), "config", "check");
    CliRun unset = CliRun.run(workDir, Map.of(), "config", "check");
    CliRun spaced =
        CliRun.run(workDir, Map.of("METRICS_TOKEN", "has a space in it"), "config", "check");

    assertThat(set.out()).contains("METRICS_TOKEN=***").doesNotContain(TOKEN);
    assertThat(unset.out()).contains("METRICS_TOKEN=<unset: /metrics is open>");
    assertThat(spaced.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(spaced.err()).contains("METRICS_TOKEN must be printable ASCII without spaces");
  }

  private static void assertProblem(HttpResponse<String> answer, String code) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("code").asText()).isEqualTo(code);
    assertThat(problem.path("status").asInt()).isEqualTo(401);
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Recording test runs over HTTP: allowed with figures, refused with 402, counted once per runId")
class UsageApiTest {
  private final ApiHarness api = ApiHarness.start();
  private Session ada;

  @BeforeEach
  void signUp() {
    ada = api.signUp("ada@example.com", "Engines");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private long testRunsUsed() {
    return api.get("/api/billing", ada.token())
        .json()
        .path("usage")
        .path("testRuns")
        .path("used")
        .asLong();
  }

  private Answer record(String runId, int quantity) {
    return api.post(
        "/api/usage/test-runs",
        "{\"runId\":\"" + runId + "\",\"quantity\":" + quantity + "}",
        ada.token());
  }

  @Test
  @DisplayName(
      "an allowed run answers 201 with used, limit, remaining and the thresholds it crossed")
  void allowedRunAnswersFigures() {
    Answer answer = record("run-1", 50);

    assertThat(answer.status()).isEqualTo(201);
    JsonNode json = answer.json();
    assertThat(json.path("allowed").asBoolean()).isTrue();
    assertThat(json.path("used").asLong()).isEqualTo(50);
    assertThat(json.path("limit").asLong()).isEqualTo(100);
    assertThat(json.path("remaining").asLong()).isEqualTo(50);
    assertThat(json.path("alerts")).hasSize(1);
    assertThat(json.path("alerts").get(0).path("threshold").asInt()).isEqualTo(50);
    assertThat(json.path("alerts").get(0).path("metric").asText()).isEqualTo("testRuns");
  }

  @Test
  void givenNoQuantity_whenRecording_thenOneRunIsCounted() {
    Answer answer = api.post("/api/usage/test-runs", "{\"runId\":\"run-1\"}", ada.token());

    assertThat(answer.json().path("used").asLong()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "usage up to the Free limit, then 402 limit_exceeded with the figures and the plan to upgrade to")
  void usageToTheLimitThen402() {
    assertThat(record("run-a", 60).status()).isEqualTo(201);
    assertThat(record("run-b", 40).status()).isEqualTo(201);

    Answer refused = record("run-c", 1);

    JsonNode problem = refused.problem(402, "limit_exceeded");
    assertThat(problem.path("metric").asText()).isEqualTo("testRuns");
    assertThat(problem.path("used").asLong()).isEqualTo(100);
    assertThat(problem.path("limit").asLong()).isEqualTo(100);
    assertThat(problem.path("plan").asText()).isEqualTo("free");
    assertThat(problem.path("upgradeTo").asText()).isEqualTo("team");
    assertThat(problem.path("upgradeLimit").asLong()).isEqualTo(1000);
    assertThat(problem.path("resetsAt").asText()).isEqualTo("2025-04-01T00:00:00Z");
    assertThat(problem.path("detail").asText())
        .isEqualTo(
            "Your organization used 100 of 100 test runs this period on the Free plan."
                + " Upgrade to Team for 1,000 test runs per month.");
    assertThat(api.heard).contains("limitRefused:testRuns");
    assertThat(testRunsUsed()).isEqualTo(100);
  }

  @Test
  @DisplayName("the same runId twice counts once and the repeat says it was replayed")
  void repeatedRunIdCountsOnce() {
    Answer first = record("run-1", 3);
    Answer again = record("run-1", 3);

    assertThat(first.json().path("replayed").asBoolean()).isFalse();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.json().path("used").asLong()).isEqualTo(3);
    assertThat(again.json().path("replayed").asBoolean()).isTrue();
    assertThat(testRunsUsed()).isEqualTo(3);
  }

  @Test
  void givenMissingOrBlankRunId_whenRecording_then400NamingRunId() {
    Answer missing = api.post("/api/usage/test-runs", "{\"quantity\":1}", ada.token());
    Answer blank = api.post("/api/usage/test-runs", "{\"runId\":\"  \"}", ada.token());

    assertThat(missing.problem(400, "invalid_input").path("field").asText()).isEqualTo("runId");
    assertThat(blank.problem(400, "invalid_input").path("field").asText()).isEqualTo("runId");
  }

  @Test
  void givenQuantityOutOfRangeOrNotWhole_whenRecording_then400AndNothingCounted() {
    for (String quantity : new String[] {"0", "-1", "1.5", "\"2\"", "10001"}) {
      Answer answer =
          api.post(
              "/api/usage/test-runs",
              "{\"runId\":\"run-1\",\"quantity\":" + quantity + "}",
              ada.token());
      assertThat(answer.problem(400, "invalid_input").path("field").asText()).isEqualTo("quantity");
    }
    assertThat(testRunsUsed()).isZero();
  }

  @Test
  void givenMemberToken_whenRecording_thenAllowed() {
    String bob = api.memberToken(ada, "bob@example.com", "member");

    Answer answer = api.post("/api/usage/test-runs", "{\"runId\":\"run-1\"}", bob);

    assertThat(answer.status()).isEqualTo(201);
  }
}

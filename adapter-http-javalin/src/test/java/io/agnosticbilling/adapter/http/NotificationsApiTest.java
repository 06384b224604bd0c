package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.port.out.NotificationOutbox.Claimed;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Operator routes: the notification outbox and the retry of a failed delivery")
class NotificationsApiTest {
  private final ApiHarness api = ApiHarness.start();
  private Session ops;
  private Session ada;

  @BeforeEach
  void signUp() {
    ops = api.signUpOperator(ApiHarness.OPERATOR_EMAIL, "Operators");
    ada = api.signUp("ada@example.com", "Engines");
    // 50 test runs on Free (100 a month): the 50 % threshold notifies.
    api.post("/api/usage/test-runs", "{\"runId\":\"batch\",\"quantity\":50}", ada.token());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private String failOne() {
    Claimed c = api.outbox.claim(api.clock.instant(), Duration.ofMinutes(1), 1).get(0);
    api.outbox.failed(
        c.entry().id(), c.token(), "webhook: receiver answered 500", Set.of(), api.clock.instant());
    return c.entry().id();
  }

  @Test
  @DisplayName("operators list the outbox with each notification's delivery and the counts")
  void listsTheOutbox() {
    Answer answer = api.get("/api/admin/notifications", ops.token());

    assertThat(answer.status()).isEqualTo(200);
    JsonNode page = answer.json();
    assertThat(page.path("items")).hasSize(1);
    JsonNode item = page.path("items").path(0);
    assertThat(item.path("id").asText())
        .startsWith("usage.threshold_crossed:" + ada.organizationId().value() + ":testRuns:")
        .endsWith(":50");
    assertThat(item.path("type").asText()).isEqualTo("usage.threshold_crossed");
    assertThat(item.path("organizationId").asText()).isEqualTo(ada.organizationId().value());
    assertThat(item.path("data").path("used").asLong()).isEqualTo(50);
    assertThat(item.path("status").asText()).isEqualTo("pending");
    assertThat(item.path("attempts").asInt()).isZero();
    assertThat(page.path("counts").path("pending").asLong()).isEqualTo(1);
    assertThat(page.path("counts").path("failed").asLong()).isZero();
    assertThat(page.path("nextOffset").isNull()).isTrue();
  }

  @Test
  @DisplayName("status=failed lists the failures with their last error; retry makes one pending")
  void failedAndRetried() {
    String id = failOne();

    JsonNode failed = api.get("/api/admin/notifications?status=failed", ops.token()).json();
    assertThat(failed.path("items")).hasSize(1);
    assertThat(failed.path("items").path(0).path("lastError").asText())
        .isEqualTo("webhook: receiver answered 500");
    assertThat(api.get("/api/admin/notifications?status=pending", ops.token()).json().path("items"))
        .isEmpty();

    Answer retried = api.post("/api/admin/notifications/" + id + "/retry", "", ops.token());

    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().path("status").asText()).isEqualTo("pending");
    assertThat(retried.json().path("attempts").asInt()).isZero();
    assertThat(api.outbox.find(id).orElseThrow().status()).isEqualTo(OutboxStatus.PENDING);
    api.post("/api/admin/notifications/" + id + "/retry", "", ops.token())
        .problem(409, "notification_not_failed");
  }

  @Test
  @DisplayName("unknown ids, bad ids and bad filters are refused and change nothing")
  void refusals() {
    api.post("/api/admin/notifications/nope/retry", "", ops.token())
        .problem(404, "notification_not_found");
    api.post("/api/admin/notifications/bad%20id!/retry", "", ops.token())
        .problem(400, "invalid_input");
    api.get("/api/admin/notifications?status=lost", ops.token()).problem(400, "invalid_input");
    api.get("/api/admin/notifications?limit=0", ops.token()).problem(400, "invalid_input");
    assertThat(api.outbox.counts()).containsEntry(OutboxStatus.PENDING, 1L);
    assertThat(api.outbox.list(Optional.empty(), 0, 10)).hasSize(1);
  }

  @Test
  @DisplayName("only operators see the outbox")
  void onlyOperators() {
    assertThat(api.get("/api/admin/notifications", ada.token()).status()).isEqualTo(403);
    assertThat(api.get("/api/admin/notifications", null).status()).isEqualTo(401);
    assertThat(api.post("/api/admin/notifications/x/retry", "", ada.token()).status())
        .isEqualTo(403);
  }
}

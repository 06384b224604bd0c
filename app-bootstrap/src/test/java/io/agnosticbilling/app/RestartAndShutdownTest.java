package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import io.agnosticbilling.app.Accounts.Account;
import io.agnosticbilling.app.ApiClient.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server stopped and started again on the same data directory, and stopped mid-request. */
class RestartAndShutdownTest {
  @TempDir Path workDir;
  private FakeStripeApi stripe;

  @BeforeEach
  void startStripe() throws Exception {
    stripe = new FakeStripeApi(TestServers.PRICES);
  }

  @AfterEach
  void stopStripe() {
    stripe.close();
  }

  @Test
  @DisplayName(
      "a restart on the same data dir keeps organizations, members, counters and the webhook log")
  void restartKeepsEverything() {
    Account admin;
    Account operator;
    String memberEmail = Accounts.uniqueEmail("member");
    String eventId = StripeEvents.newEventId();
    try (BillingServer first = TestServers.start(workDir, stripe.baseUrl())) {
      ApiClient api = new ApiClient(first.port());
      admin = Accounts.signUp(api);
      operator = Accounts.signUp(api, TestServers.OPERATOR_EMAIL);
      Reply added = Accounts.addMember(api, admin, memberEmail, "member");
      assertThat(added.status()).isEqualTo(201);
      for (String run : new String[] {"r1", "r2", "r3"}) {
        assertThat(
                api.post("/api/usage/test-runs", "{\"runId\":\"" + run + "\"}", admin.token())
                    .status())
            .isEqualTo(201);
      }
      long now = Instant.now().getEpochSecond();
      String payload = StripeEvents.event(eventId, "customer.created", now, new JsonObject());
      Reply webhook =
          api.webhook(payload, StripeEvents.signature(payload, now, TestServers.WEBHOOK_SECRET));
      assertThat(webhook.status()).isEqualTo(200);
    }

    try (BillingServer second = TestServers.start(workDir, stripe.baseUrl())) {
      ApiClient api = new ApiClient(second.port());
      String adminToken = Accounts.logIn(api, admin.email());
      String memberToken = Accounts.logIn(api, memberEmail);
      JsonNode overview = api.get("/api/billing", adminToken).json();
      JsonNode log = api.get("/api/admin/webhooks", Accounts.logIn(api, operator.email())).json();
      Reply repeatedRun = api.post("/api/usage/test-runs", "{\"runId\":\"r1\"}", memberToken);

      assertThat(overview.get("organizationId").asText()).isEqualTo(admin.organizationId());
      assertThat(overview.at("/usage/testRuns/used").asLong()).isEqualTo(3);
      assertThat(overview.at("/usage/users/used").asLong()).isEqualTo(2);
      assertThat(overview.get("alerts")).isEmpty();
      assertThat(api.get("/api/organization/members", adminToken).json()).hasSize(2);
      assertThat(log.get("items").findValues("eventId"))
          .extracting(JsonNode::asText)
          .contains(eventId);
      // The stored first decision is answered again (it said 1 used), and nothing is counted.
      assertThat(repeatedRun.json().get("replayed").asBoolean()).isTrue();
      assertThat(repeatedRun.json().get("used").asLong()).isEqualTo(1);
      assertThat(api.get("/api/billing", adminToken).json().at("/usage/testRuns/used").asLong())
          .isEqualTo(3);
    }
  }

  @Test
  @DisplayName("stopping while a webhook is being processed lets it finish before the store closes")
  void stopLetsInFlightRequestFinish() throws Exception {
    BillingServer server = TestServers.start(workDir, stripe.baseUrl());
    ApiClient api = new ApiClient(server.port());
    Account admin = Accounts.signUp(api);
    Reply checkout = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", admin.token());
    String sessionId = checkout.json().get("sessionId").asText();
    stripe.completeCheckout(sessionId);
    stripe.delaySubscriptionReads(Duration.ofMillis(1500));
    long now = Instant.now().getEpochSecond();
    String payload =
        StripeEvents.event(
            StripeEvents.newEventId(),
            "checkout.session.completed",
            now,
            stripe.session(sessionId));

    CompletableFuture<Reply> inFlight =
        CompletableFuture.supplyAsync(
            () ->
                api.webhook(
                    payload, StripeEvents.signature(payload, now, TestServers.WEBHOOK_SECRET)));
    // The webhook is now waiting on the slow subscription read.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (stripe.requests().stream().noneMatch(r -> r.startsWith("GET /v1/subscriptions/"))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    server.close();
    Reply reply = inFlight.get(10, TimeUnit.SECONDS);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("duplicate").asBoolean()).isFalse();
    stripe.delaySubscriptionReads(Duration.ZERO);
    try (BillingServer again = TestServers.start(workDir, stripe.baseUrl())) {
      ApiClient next = new ApiClient(again.port());
      String token = Accounts.logIn(next, admin.email());
      assertThat(next.get("/api/billing", token).json().get("plan").asText()).isEqualTo("team");
    }
  }
}

package io.agnosticbilling.adapter.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationDispatcher;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.testkit.memory.InMemoryNotificationOutbox;
import io.agnosticbilling.testkit.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook channel against a real local receiver that checks the signature. */
class WebhookNotificationChannelTest {
  static final String SECRET = "whsec_notify_test_secret";
  static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

  final SigningReceiver receiver = newReceiver(SECRET);

  static SigningReceiver newReceiver(String secret) {
    try {
      return new SigningReceiver(secret);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  static Notification note(String id) {
    return new Notification(
        id,
        NotificationType.USAGE_LIMIT_REACHED,
        OrganizationId.of("org_1"),
        CREATED,
        NotificationData.builder()
            .put("metric", "testRuns")
            .put("threshold", 100)
            .put("used", 100)
            .build());
  }

  WebhookNotificationChannel channel(URI url, String secret) {
    return new WebhookNotificationChannel(url, secret, Duration.ofSeconds(5), Clock.systemUTC());
  }

  @Test
  @DisplayName("the receiver gets the signed JSON body: id, type, createdAt, organizationId, data")
  void postsSignedJson() throws Exception {
    channel(receiver.url(), SECRET).deliver(note("usage.limit_reached:org_1:testRuns:0:100"));

    assertThat(receiver.badSignatures).hasValue(0);
    JsonNode body = new ObjectMapper().readTree(receiver.bodies.get(0));
    assertThat(body.get("id").asText()).isEqualTo("usage.limit_reached:org_1:testRuns:0:100");
    assertThat(body.get("type").asText()).isEqualTo("usage.limit_reached");
    assertThat(body.get("createdAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(body.get("organizationId").asText()).isEqualTo("org_1");
    assertThat(body.get("data").get("threshold").asLong()).isEqualTo(100);
    assertThat(body.get("data").get("metric").asText()).isEqualTo("testRuns");
  }

  @Test
  @DisplayName("a wrong secret is refused by the receiver and fails the delivery")
  void wrongSecretFails() {
    assertThatThrownBy(() -> channel(receiver.url(), "another secret").deliver(note("n1")))
        .hasMessageContaining("receiver answered 400");
    assertThat(receiver.badSignatures).hasValue(1);
    assertThat(receiver.arrivals).isEmpty();
  }

  @Test
  @DisplayName("the signature covers the body: a changed body or an old timestamp do not verify")
  void signatureCoversBodyAndTime() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    String header = NotificationSignature.header(SECRET, now, "{\"a\":1}");

    assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
    assertThat(
            NotificationSignature.verify(header, "{\"a\":1}", SECRET, now, Duration.ofMinutes(5)))
        .isTrue();
    assertThat(
            NotificationSignature.verify(header, "{\"a\":2}", SECRET, now, Duration.ofMinutes(5)))
        .isFalse();
    assertThat(
            NotificationSignature.verify(
                header,
                "{\"a\":1}",
                SECRET,
                now.plus(Duration.ofMinutes(6)),
                Duration.ofMinutes(5)))
        .isFalse();
    assertThat(NotificationSignature.verify(null, "{}", SECRET, now, Duration.ofMinutes(5)))
        .isFalse();
  }

  @Test
  @DisplayName("no receiver listening fails the attempt with the host named")
  void unreachableFails() {
    URI closed = receiver.url();
    receiver.close();

    assertThatThrownBy(() -> channel(closed, SECRET).deliver(note("n1")))
        .hasMessageContaining("POST 127.0.0.1 failed");
  }

  @Test
  @DisplayName("through the dispatcher: two 500s are retried with backoff, then delivered once")
  void retriesOn500ThenDeliversOnce() {
    receiver.failFirst.set(2);
    MutableClock clock = new MutableClock(CREATED);
    InMemoryNotificationOutbox outbox = new InMemoryNotificationOutbox();
    outbox.enqueue(List.of(note("n1")));
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            outbox,
            List.of(channel(receiver.url(), SECRET)),
            new NotificationDispatcher.Settings(
                Duration.ofSeconds(30),
                5,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                10,
                Duration.ofSeconds(1)),
            clock,
            NotificationDispatcher.Listener.none());

    dispatcher.dispatchOnce();
    assertThat(outbox.find("n1").orElseThrow().lastError())
        .contains("webhook: receiver answered 500");
    clock.advance(Duration.ofSeconds(10));
    dispatcher.dispatchOnce();
    assertThat(outbox.find("n1").orElseThrow().nextAttemptAt())
        .isEqualTo(CREATED.plusSeconds(10 + 20));
    clock.advance(Duration.ofSeconds(20));
    dispatcher.dispatchOnce();
    clock.advance(Duration.ofHours(1));
    dispatcher.dispatchOnce();

    assertThat(outbox.find("n1").orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(outbox.find("n1").orElseThrow().attempts()).isEqualTo(3);
    assertThat(receiver.arrivals).containsExactly(Map.entry("n1", 1));
  }
}

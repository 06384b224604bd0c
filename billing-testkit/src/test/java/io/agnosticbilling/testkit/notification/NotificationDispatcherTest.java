package io.agnosticbilling.testkit.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationDispatcher;
import io.agnosticbilling.domain.notification.NotificationDispatcher.Settings;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.NotificationChannel;
import io.agnosticbilling.testkit.memory.InMemoryNotificationOutbox;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Delivery at least once: retries with backoff, give-up, lease takeover, the loop's lifecycle. */
class NotificationDispatcherTest {
  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  static final Settings SETTINGS =
      new Settings(
          Duration.ofSeconds(30),
          3,
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          10,
          Duration.ofMillis(20));

  final MutableClock clock = new MutableClock(T);
  final InMemoryNotificationOutbox outbox = new InMemoryNotificationOutbox();
  final Channel webhook = new Channel("webhook");
  final Channel email = new Channel("email");
  final List<String> heard = new CopyOnWriteArrayList<>();
  final NotificationDispatcher.Listener listener =
      new NotificationDispatcher.Listener() {
        @Override
        public void delivered(OutboxEntry entry) {
          heard.add("delivered " + entry.id());
        }

        @Override
        public void retrying(OutboxEntry entry, String error, Instant next) {
          heard.add("retry " + entry.id() + " at " + next + ": " + error);
        }

        @Override
        public void failed(OutboxEntry entry, String error) {
          heard.add("failed " + entry.id() + ": " + error);
        }
      };

  static Notification note(String id) {
    return new Notification(
        id,
        NotificationType.PAYMENT_FAILED,
        OrganizationId.of("org_1"),
        T,
        NotificationData.builder().put("invoiceId", "in_1").build());
  }

  NotificationDispatcher dispatcher(NotificationChannel... channels) {
    return new NotificationDispatcher(outbox, List.of(channels), SETTINGS, clock, listener);
  }

  @Test
  @DisplayName("a notification goes to every channel and is delivered")
  void deliversToEveryChannel() {
    outbox.enqueue(List.of(note("n1")));

    assertThat(dispatcher(webhook, email).dispatchOnce()).isEqualTo(1);

    assertThat(webhook.received).containsExactly("n1");
    assertThat(email.received).containsExactly("n1");
    assertThat(outbox.find("n1").orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(heard).containsExactly("delivered n1");
  }

  @Test
  @DisplayName("a failing channel is retried with doubling backoff, the others are not repeated")
  void retriesWithBackoffThenFails() {
    outbox.enqueue(List.of(note("n1")));
    webhook.failures.set(10);
    NotificationDispatcher d = dispatcher(webhook, email);

    d.dispatchOnce();
    OutboxEntry first = outbox.find("n1").orElseThrow();
    assertThat(first.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(first.nextAttemptAt()).isEqualTo(T.plusSeconds(10));
    assertThat(first.channelsDone()).containsExactly("email");
    assertThat(first.lastError()).contains("webhook: receiver answered 500");

    clock.set(T.plusSeconds(9));
    assertThat(d.dispatchOnce()).as("not due before its backoff").isZero();
    clock.set(T.plusSeconds(10));
    d.dispatchOnce();
    assertThat(outbox.find("n1").orElseThrow().nextAttemptAt())
        .as("doubled, capped at 15 s")
        .isEqualTo(T.plusSeconds(25));
    clock.set(T.plusSeconds(25));
    d.dispatchOnce();

    OutboxEntry failed = outbox.find("n1").orElseThrow();
    assertThat(failed.status()).isEqualTo(OutboxStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(3);
    assertThat(webhook.calls.get()).isEqualTo(3);
    assertThat(email.received).as("email took it once and is skipped after").containsExactly("n1");
    assertThat(heard)
        .containsExactly(
            "retry n1 at " + T.plusSeconds(10) + ": webhook: receiver answered 500",
            "retry n1 at " + T.plusSeconds(25) + ": webhook: receiver answered 500",
            "failed n1: webhook: receiver answered 500");
    clock.set(T.plus(Duration.ofDays(1)));
    assertThat(d.dispatchOnce()).as("a failed notification waits for an operator").isZero();
  }

  @Test
  @DisplayName("an operator's retry of a failed notification delivers it")
  void requeuedIsDelivered() {
    outbox.enqueue(List.of(note("n1")));
    webhook.failures.set(3);
    NotificationDispatcher d = dispatcher(webhook);
    for (int i = 0; i < 3; i++) {
      d.dispatchOnce();
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(outbox.find("n1").orElseThrow().status()).isEqualTo(OutboxStatus.FAILED);

    assertThat(outbox.requeue("n1", clock.instant())).isTrue();
    d.dispatchOnce();

    assertThat(outbox.find("n1").orElseThrow().status()).isEqualTo(OutboxStatus.DELIVERED);
    assertThat(webhook.received).containsExactly("n1");
  }

  @Test
  @DisplayName("a dispatcher that died holding a claim hands it over when the lease runs out")
  void leaseTakeover() {
    outbox.enqueue(List.of(note("n1")));
    outbox.claim(T, SETTINGS.lease(), 10); // the dispatcher that claimed it died
    NotificationDispatcher survivor = dispatcher(webhook);

    clock.set(T.plusSeconds(29));
    assertThat(survivor.dispatchOnce()).isZero();
    clock.set(T.plusSeconds(30));
    assertThat(survivor.dispatchOnce()).isEqualTo(1);

    assertThat(webhook.received).containsExactly("n1");
    assertThat(outbox.find("n1").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("started, it delivers in the background; closed, it stops and leaves the rest")
  void loopStartsAndStops() throws Exception {
    NotificationDispatcher d = dispatcher(webhook);
    d.start();
    outbox.enqueue(List.of(note("n1")));
    d.wakeUp();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (webhook.received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    d.close();
    outbox.enqueue(List.of(note("n2")));
    Thread.sleep(200);

    assertThat(webhook.received).containsExactly("n1");
    assertThat(outbox.find("n2").orElseThrow().status()).isEqualTo(OutboxStatus.PENDING);
    assertThatThrownBy(
            () -> new NotificationDispatcher(outbox, List.of(), SETTINGS, clock, listener))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("backoff doubles from the first wait up to the cap")
  void backoffDoubles() {
    Settings s =
        new Settings(
            Duration.ofMinutes(1),
            10,
            Duration.ofSeconds(10),
            Duration.ofHours(1),
            20,
            Duration.ofSeconds(1));
    List<Duration> waits = new ArrayList<>();
    for (int attempt = 1; attempt <= 11; attempt++) {
      waits.add(s.backoff(attempt));
    }
    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            Duration.ofSeconds(160),
            Duration.ofSeconds(320),
            Duration.ofSeconds(640),
            Duration.ofSeconds(1280),
            Duration.ofSeconds(2560),
            Duration.ofHours(1),
            Duration.ofHours(1));
  }

  /** A channel that fails its first {@code failures} deliveries. */
  static final class Channel implements NotificationChannel {
    final String name;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    Channel(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void deliver(Notification notification) {
      calls.incrementAndGet();
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("receiver answered 500");
      }
      received.add(notification.id());
    }
  }
}

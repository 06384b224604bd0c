package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.NotificationOutbox.Claimed;
import io.agnosticbilling.domain.usage.UsageRequest;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Purging deletes exactly what is past its retention or period, in chunks. */
class SqlPurgeTest {
  private static final Instant NOW = Fixture.NOW;
  private static final Duration RETENTION = Duration.ofDays(90);

  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("webhook entries older than the retention go, in chunks; younger ones stay")
  void webhookRetention(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Instant old = NOW.minus(RETENTION).minusSeconds(1);
    store.inTransaction(
        () -> {
          for (int i = 0; i < SqlPurge.CHUNK + 5; i++) {
            claim(store, "evt_old_" + i, old);
          }
          return null;
        });
    claim(store, "evt_at_cutoff", NOW.minus(RETENTION));
    claim(store, "evt_new", NOW);

    SqlPurge.Purged purged = store.purge().run(NOW, RETENTION);

    assertThat(purged.webhookEntries()).isEqualTo(SqlPurge.CHUNK + 5);
    assertThat(store.webhookLog().find("evt_old_0")).isEmpty();
    assertThat(store.webhookLog().find("evt_at_cutoff")).isPresent();
    assertThat(store.webhookLog().find("evt_new")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("usage of a period ended over a day ago goes with its keys; the current one stays")
  void usageExpiry(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    UsageRequest ended =
        aUsageRequest()
            .idempotencyKey("k")
            .period(NOW.minus(Duration.ofDays(32)), NOW.minus(Duration.ofDays(2)))
            .build();
    UsageRequest current =
        aUsageRequest()
            .organization("org_current")
            .idempotencyKey("k")
            .period(NOW.minus(Duration.ofDays(28)), NOW.plus(Duration.ofDays(2)))
            .build();
    store.usageCounters().record(ended);
    store.usageCounters().record(current);

    SqlPurge.Purged purged = store.purge().run(NOW, RETENTION);

    assertThat(purged).isEqualTo(new SqlPurge.Purged(0, 1, 1, 0));
    assertThat(store.usageCounters().used(ended.key())).isZero();
    assertThat(store.usageCounters().used(current.key())).isEqualTo(1);
    assertThat(store.usageCounters().record(current).replayed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName(
      "notifications older than the retention go when delivered or never tried (only listed);"
          + " failed ones, ones being retried and younger ones stay")
  void notificationRetention(String dialect) {
    fixture = Fixture.of(dialect);
    SqlNotificationOutbox outbox = fixture.first().notificationOutbox();
    Instant old = NOW.minus(RETENTION).minusSeconds(1);
    outbox.enqueue(
        List.of(note("old_delivered", old), note("old_failed", old), note("old_retrying", old)));
    for (Claimed c : outbox.claim(old.plusSeconds(1), Duration.ofSeconds(30), 10)) {
      String id = c.entry().notification().id();
      switch (id) {
        case "old_delivered" -> outbox.delivered(id, c.token(), old.plusSeconds(2));
        case "old_failed" -> outbox.failed(id, c.token(), "down", Set.of(), old.plusSeconds(2));
        default -> outbox.retryLater(id, c.token(), "down", Set.of(), NOW.plusSeconds(60));
      }
    }
    // Never tried: as with no channel configured, where notifications are only listed.
    outbox.enqueue(List.of(note("old_listed", old), note("new_listed", NOW.minusSeconds(60))));

    SqlPurge.Purged purged = fixture.first().purge().run(NOW, RETENTION);

    assertThat(purged.notifications()).isEqualTo(2);
    assertThat(outbox.find("old_delivered")).isEmpty();
    assertThat(outbox.find("old_listed")).isEmpty();
    assertThat(outbox.find("old_failed")).isPresent();
    assertThat(outbox.find("old_retrying")).isPresent();
    assertThat(outbox.find("new_listed")).isPresent();
  }

  private static Notification note(String id, Instant createdAt) {
    return new Notification(
        id,
        NotificationType.PAYMENT_FAILED,
        OrganizationId.of("org_purge"),
        createdAt,
        NotificationData.builder().put("n", 1).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a retention that is not positive is refused")
  void badRetention(String dialect) {
    fixture = Fixture.of(dialect);

    assertThatThrownBy(() -> fixture.first().purge().run(NOW, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'webhookRetention'");
  }

  private static void claim(SqlBillingStore store, String id, Instant at) {
    store
        .webhookLog()
        .claim(new IncomingEvent(anEventHeader().id(id).build(), "{}"), at, Duration.ofSeconds(60));
  }
}

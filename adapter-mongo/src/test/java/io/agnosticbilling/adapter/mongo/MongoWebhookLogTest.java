package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStats;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MongoWebhookLogTest extends MongoTestBase {
  private static final Duration LEASE = Duration.ofSeconds(60);

  private static IncomingEvent event(String id, String type) {
    return new IncomingEvent(anEventHeader().id(id).type(type).build(), "{\"id\":\"" + id + "\"}");
  }

  @Test
  @DisplayName("two clients claiming one event id at once: exactly one claim, one document")
  void givenTwoClients_whenSameEventClaimedConcurrently_thenOneClaimed() throws Exception {
    List<MongoWebhookLog> clients = List.of(store().webhookLog(), secondStore().webhookLog());

    List<Claim> claims =
        Concurrently.run(
            10, i -> () -> clients.get(i % 2).claim(event("evt_race", "invoice.paid"), NOW, LEASE));

    assertThat(claims).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);
    assertThat(claims).filteredOn(Claim.InProgress.class::isInstance).hasSize(9);
    assertThat(
            database()
                .getCollection("webhook_logs")
                .countDocuments(Filters.eq("eventId", "evt_race")))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("an expired lease taken over by two clients at once goes to exactly one")
  void givenExpiredLease_whenTwoClientsTakeOver_thenOneClaimedAtAttemptTwo() throws Exception {
    store().webhookLog().claim(event("evt_lease", "invoice.paid"), NOW, LEASE);
    List<MongoWebhookLog> clients = List.of(store().webhookLog(), secondStore().webhookLog());

    List<Claim> claims =
        Concurrently.run(
            6,
            i ->
                () ->
                    clients
                        .get(i % 2)
                        .claim(event("evt_lease", "invoice.paid"), NOW.plus(LEASE), LEASE));

    assertThat(claims)
        .filteredOn(Claim.Claimed.class::isInstance)
        .singleElement()
        .satisfies(c -> assertThat(c.entry().attempts()).isEqualTo(2));
    assertThat(
            store()
                .webhookLog()
                .finish(
                    "evt_lease",
                    1,
                    WebhookStatus.PROCESSED,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    NOW))
        .as("the first claimant lost its lease and may no longer finish")
        .isFalse();
  }

  @Test
  @DisplayName("the entry is stored with createdAt, status and attempts the indexes rely on")
  void givenClaim_whenStored_thenDocumentShape() {
    store().webhookLog().claim(event("evt_shape", "customer.subscription.updated"), NOW, LEASE);

    Document d =
        database().getCollection("webhook_logs").find(Filters.eq("eventId", "evt_shape")).first();

    assertThat(d.getString("status")).isEqualTo("processing");
    assertThat(d.getInteger("attempts")).isEqualTo(1);
    assertThat(d.getDate("createdAt").toInstant()).isEqualTo(NOW);
  }

  @Test
  @DisplayName("statistics count received, failed, livemode mismatches and types in the store")
  void givenEntries_whenStats_thenCounts() {
    WebhookLog log = store().webhookLog();
    claimAndFinish(
        log,
        "evt_1",
        "invoice.paid",
        NOW.minus(Duration.ofMinutes(10)),
        WebhookStatus.PROCESSED,
        Optional.empty());
    claimAndFinish(
        log,
        "evt_2",
        "invoice.paid",
        NOW.minus(Duration.ofHours(3)),
        WebhookStatus.ERROR,
        Optional.empty());
    claimAndFinish(
        log,
        "evt_3",
        "customer.subscription.updated",
        NOW.minus(Duration.ofHours(2)),
        WebhookStatus.IGNORED,
        Optional.of(WebhookLog.LIVEMODE_MISMATCH));
    claimAndFinish(
        log,
        "evt_4",
        "invoice.paid",
        NOW.minus(Duration.ofDays(2)),
        WebhookStatus.ERROR,
        Optional.empty());

    WebhookStats stats = log.stats(NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofHours(12)));

    assertThat(stats)
        .isEqualTo(
            new WebhookStats(
                1, 3, 1, 1, Map.of("invoice.paid", 2L, "customer.subscription.updated", 1L)));
  }

  @Test
  @DisplayName("a stored entry with an unknown status is reported with collection and id")
  void givenUnknownStatusStored_whenFound_thenStoredDataException() {
    store().webhookLog().claim(event("evt_bad", "invoice.paid"), NOW, LEASE);
    database()
        .getCollection("webhook_logs")
        .updateOne(Filters.eq("eventId", "evt_bad"), Updates.set("status", "lost"));

    assertThatThrownBy(() -> store().webhookLog().find("evt_bad"))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("webhook_logs")
        .hasMessageContaining("'status'")
        .hasMessageContaining("lost");
  }

  @Test
  @DisplayName("a stored entry without its payload is reported, not a NullPointerException")
  void givenMissingPayload_whenListed_thenStoredDataException() {
    store().webhookLog().claim(event("evt_empty", "invoice.paid"), NOW, LEASE);
    database()
        .getCollection("webhook_logs")
        .updateOne(Filters.eq("eventId", "evt_empty"), Updates.unset("payload"));

    assertThatThrownBy(() -> store().webhookLog().list(Optional.empty(), 0, 10))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("'payload'")
        .hasMessageContaining("is missing");
  }

  private static void claimAndFinish(
      WebhookLog log,
      String id,
      String type,
      java.time.Instant at,
      WebhookStatus status,
      Optional<String> detail) {
    Claim claim = log.claim(event(id, type), at, LEASE);
    log.finish(
        id,
        claim.entry().attempts(),
        status,
        Optional.empty(),
        detail,
        status == WebhookStatus.ERROR ? Optional.of("boom") : Optional.empty(),
        at);
  }
}

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
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
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
      Instant at,
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

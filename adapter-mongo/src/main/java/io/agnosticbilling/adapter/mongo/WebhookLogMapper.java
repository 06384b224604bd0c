package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Instant;
import org.bson.Document;

/**
 * Maps webhook log entries; {@code createdAt} is when the entry was first received (the TTL index
 * counts from it) and {@code eventCreated} the provider's own event time.
 */
final class WebhookLogMapper {
  private WebhookLogMapper() {}

  static Document newEntry(IncomingEvent event, Instant now) {
    return new Document("eventId", event.header().id())
        .append("type", event.header().type())
        .append("status", WebhookStatus.PROCESSING.wireName())
        .append("attempts", 1)
        .append("eventCreated", date(event.header().created()))
        .append("livemode", event.header().livemode())
        .append("payload", event.payload())
        .append("createdAt", date(now))
        .append("claimedAt", date(now))
        .append("updatedAt", date(now));
  }

  /** The entry as a takeover or retry leaves it, from the image it had before. */
  static Document reclaimed(Document before, Instant now) {
    StoredDocument d = StoredDocument.of(Schema.WEBHOOK_LOGS, before);
    return new Document(before)
        .append("status", WebhookStatus.PROCESSING.wireName())
        .append("attempts", d.intValue("attempts") + 1)
        .append("claimedAt", date(now))
        .append("updatedAt", date(now));
  }

  static WebhookLogEntry fromDocument(Document document) {
    StoredDocument d = StoredDocument.of(Schema.WEBHOOK_LOGS, document);
    try {
      return new WebhookLogEntry(
          d.string("eventId"),
          d.string("type"),
          d.named("status", WebhookStatus::fromWireName),
          d.intValue("attempts"),
          d.optionalString("error"),
          d.optionalString("detail"),
          d.optionalString("organizationId").map(OrganizationId::of),
          d.instant("eventCreated"),
          d.bool("livemode"),
          d.string("payload"),
          d.instant("createdAt"),
          d.instant("claimedAt"),
          d.instant("updatedAt"));
    } catch (IllegalArgumentException e) {
      throw d.rejected(e);
    }
  }
}

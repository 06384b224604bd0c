package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Adapter: the webhook log in {@code webhook_logs}; the unique index on {@code eventId} makes the
 * first claim of an event id win, and every later state change is a conditional single-document
 * update.
 */
public final class MongoWebhookLog implements WebhookLog {
  /** Claim rounds before giving up; each lost round means another caller changed the entry. */
  private static final int CLAIM_ROUNDS = 5;

  private final MongoCollection<Document> collection;

  public MongoWebhookLog(MongoDatabase database) {
    this.collection = database.getCollection(Schema.WEBHOOK_LOGS);
  }

  @Override
  public Claim claim(IncomingEvent event, Instant now, Duration lease) {
    String eventId = event.header().id();
    for (int round = 0; round < CLAIM_ROUNDS; round++) {
      // The image before the update, completed here: see ConditionalCounter on why not "after".
      Document reclaimed =
          collection.findOneAndUpdate(
              Filters.and(
                  Filters.eq("eventId", eventId),
                  Filters.or(
                      Filters.eq("status", WebhookStatus.ERROR.wireName()),
                      Filters.and(
                          Filters.eq("status", WebhookStatus.PROCESSING.wireName()),
                          Filters.lte("claimedAt", date(now.minus(lease)))))),
              Updates.combine(
                  Updates.set("status", WebhookStatus.PROCESSING.wireName()),
                  Updates.inc("attempts", 1),
                  Updates.set("claimedAt", date(now)),
                  Updates.set("updatedAt", date(now))),
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
      if (reclaimed != null) {
        return new Claim.Claimed(
            WebhookLogMapper.fromDocument(WebhookLogMapper.reclaimed(reclaimed, now)));
      }
      Optional<WebhookLogEntry> existing = find(eventId);
      if (existing.isPresent()) {
        WebhookLogEntry entry = existing.get();
        if (entry.status().isFinished()) {
          return new Claim.AlreadyFinished(entry);
        }
        if (entry.status() == WebhookStatus.PROCESSING
            && entry.claimedAt().isAfter(now.minus(lease))) {
          return new Claim.InProgress(entry);
        }
        continue; // it became claimable between the two reads: try the takeover again
      }
      Document fresh = WebhookLogMapper.newEntry(event, now);
      try {
        collection.insertOne(fresh);
        return new Claim.Claimed(WebhookLogMapper.fromDocument(fresh));
      } catch (MongoException e) {
        if (!DuplicateKey.is(e)) {
          throw e;
        }
        // Another caller inserted it first; the next round reads what it holds.
      }
    }
    throw new ConcurrentUpdateException(
        "the webhook log entry of event '" + eventId + "' kept changing during the claim");
  }

  @Override
  public boolean finish(
      String eventId,
      int attempt,
      WebhookStatus status,
      Optional<OrganizationId> organizationId,
      Optional<String> detail,
      Optional<String> error,
      Instant now) {
    if (status == WebhookStatus.PROCESSING) {
      throw new IllegalArgumentException("'status' must end the claim, not be 'processing'");
    }
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("status", status.wireName()));
    updates.add(Updates.set("updatedAt", date(now)));
    organizationId.ifPresent(o -> updates.add(Updates.set("organizationId", o.value())));
    updates.add(detail.map(d -> Updates.set("detail", d)).orElse(Updates.unset("detail")));
    updates.add(error.map(e -> Updates.set("error", e)).orElse(Updates.unset("error")));
    return collection
            .updateOne(
                Filters.and(
                    Filters.eq("eventId", eventId),
                    Filters.eq("status", WebhookStatus.PROCESSING.wireName()),
                    Filters.eq("attempts", attempt)),
                Updates.combine(updates))
            .getModifiedCount()
        == 1;
  }

  @Override
  public Optional<WebhookLogEntry> find(String eventId) {
    return Optional.ofNullable(collection.find(Filters.eq("eventId", eventId)).first())
        .map(WebhookLogMapper::fromDocument);
  }

  @Override
  public List<WebhookLogEntry> list(Optional<WebhookStatus> status, int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("'offset' must not be negative");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("'limit' must be at least 1");
    }
    Bson filter = status.map(s -> Filters.eq("status", s.wireName())).orElse(new Document());
    List<WebhookLogEntry> entries = new ArrayList<>();
    for (Document d :
        collection
            .find(filter)
            .sort(Sorts.descending("createdAt", "eventId"))
            .skip(offset)
            .limit(limit)) {
      entries.add(WebhookLogMapper.fromDocument(d));
    }
    return entries;
  }
}

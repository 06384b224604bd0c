package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Adapter: the notification outbox on MongoDB, without multi-document transactions. A change writes
 * its notifications INSIDE its own document (the organization's or the usage alert's {@code outbox}
 * array) in the same single-document write, so both are kept or neither. Every read of the outbox
 * first relays embedded notifications into {@code notifications} (insert unless the id is there,
 * then pull them from their cause), which is idempotent: a crash between the two steps relays them
 * again and the insert finds them. Claims are one {@code findOneAndUpdate} per notification, so two
 * dispatchers never hold the same one.
 */
public final class MongoNotificationOutbox implements NotificationOutbox {
  private final MongoCollection<Document> notifications;
  private final List<MongoCollection<Document>> causes;

  public MongoNotificationOutbox(MongoDatabase database) {
    this.notifications = database.getCollection(Schema.NOTIFICATIONS);
    this.causes =
        List.of(
            database.getCollection(Schema.ORGANIZATIONS),
            database.getCollection(Schema.USAGE_ALERTS));
  }

  @Override
  public void enqueue(List<Notification> list) {
    for (Document embedded : NotificationMapper.embedded(list)) {
      insertPending(embedded);
    }
  }

  private void insertPending(Document embedded) {
    try {
      notifications.insertOne(NotificationMapper.pending(embedded));
    } catch (MongoException e) {
      if (!DuplicateKey.is(e)) {
        throw e;
      }
    }
  }

  /** Moves notifications embedded in their causes' documents into {@code notifications}. */
  void relay() {
    String ids = NotificationMapper.EMBEDDED + ".id";
    for (MongoCollection<Document> cause : causes) {
      for (Document doc :
          cause
              .find(Filters.exists(ids))
              .projection(Projections.include(NotificationMapper.EMBEDDED))) {
        List<Document> embedded =
            doc.getList(NotificationMapper.EMBEDDED, Document.class, List.of());
        List<Object> relayed = new ArrayList<>();
        for (Document e : embedded) {
          insertPending(e);
          relayed.add(e.get("id"));
        }
        cause.updateOne(
            Filters.eq("_id", doc.get("_id")),
            Updates.pull(NotificationMapper.EMBEDDED, Filters.in("id", relayed)));
      }
    }
  }

  @Override
  public List<Claimed> claim(Instant now, Duration lease, int max) {
    relay();
    List<Claimed> claimed = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      String token = UUID.randomUUID().toString();
      Document doc =
          notifications.findOneAndUpdate(
              Filters.and(
                  Filters.eq("status", OutboxStatus.PENDING.wireName()),
                  Filters.lte("nextAttemptAt", date(now))),
              Updates.combine(
                  Updates.inc("attempts", 1),
                  Updates.set("nextAttemptAt", date(now.plus(lease))),
                  Updates.set("claimToken", token),
                  Updates.set("updatedAt", date(now))),
              new FindOneAndUpdateOptions()
                  .sort(Sorts.ascending("nextAttemptAt", "_id"))
                  .returnDocument(ReturnDocument.AFTER));
      if (doc == null) {
        break;
      }
      claimed.add(new Claimed(NotificationMapper.fromDocument(doc), token));
    }
    return claimed;
  }

  private Bson claimedBy(String id, String token) {
    return Filters.and(
        Filters.eq("_id", id),
        Filters.eq("claimToken", token),
        Filters.eq("status", OutboxStatus.PENDING.wireName()));
  }

  @Override
  public boolean delivered(String id, String token, Instant at) {
    return notifications
            .updateOne(
                claimedBy(id, token),
                Updates.combine(
                    Updates.set("status", OutboxStatus.DELIVERED.wireName()),
                    Updates.unset("claimToken"),
                    Updates.set("updatedAt", date(at)),
                    Updates.set("deliveredAt", date(at))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean retryLater(
      String id, String token, String error, Set<String> channelsDone, Instant nextAttemptAt) {
    return release(id, token, OutboxStatus.PENDING, error, channelsDone, nextAttemptAt);
  }

  @Override
  public boolean failed(
      String id, String token, String error, Set<String> channelsDone, Instant at) {
    return release(id, token, OutboxStatus.FAILED, error, channelsDone, at);
  }

  private boolean release(
      String id,
      String token,
      OutboxStatus status,
      String error,
      Set<String> channelsDone,
      Instant at) {
    return notifications
            .updateOne(
                claimedBy(id, token),
                Updates.combine(
                    Updates.set("status", status.wireName()),
                    Updates.unset("claimToken"),
                    Updates.set("nextAttemptAt", date(at)),
                    Updates.set("channelsDone", List.copyOf(channelsDone)),
                    Updates.set("lastError", error),
                    Updates.set("updatedAt", date(at))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public boolean requeue(String id, Instant now) {
    relay();
    return notifications
            .updateOne(
                Filters.and(
                    Filters.eq("_id", id), Filters.eq("status", OutboxStatus.FAILED.wireName())),
                Updates.combine(
                    Updates.set("status", OutboxStatus.PENDING.wireName()),
                    Updates.set("attempts", 0),
                    Updates.set("nextAttemptAt", date(now)),
                    Updates.set("updatedAt", date(now))))
            .getModifiedCount()
        == 1;
  }

  @Override
  public Optional<OutboxEntry> find(String id) {
    relay();
    return Optional.ofNullable(notifications.find(Filters.eq("_id", id)).first())
        .map(NotificationMapper::fromDocument);
  }

  @Override
  public List<OutboxEntry> list(Optional<OutboxStatus> status, int offset, int limit) {
    relay();
    Bson filter = status.map(s -> Filters.eq("status", s.wireName())).orElse(new Document());
    List<OutboxEntry> entries = new ArrayList<>();
    for (Document d :
        notifications
            .find(filter)
            .sort(Sorts.descending("createdAt", "_id"))
            .skip(offset)
            .limit(limit)) {
      entries.add(NotificationMapper.fromDocument(d));
    }
    return entries;
  }

  @Override
  public Map<OutboxStatus, Long> counts() {
    relay();
    Map<OutboxStatus, Long> counts = new EnumMap<>(OutboxStatus.class);
    for (OutboxStatus s : OutboxStatus.values()) {
      counts.put(s, notifications.countDocuments(Filters.eq("status", s.wireName())));
    }
    return counts;
  }
}

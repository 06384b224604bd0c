package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Adapter: Checkout sessions in {@code checkout_sessions}, keyed by the provider session id. */
public final class MongoCheckoutSessions implements CheckoutSessions {
  private final MongoCollection<Document> collection;

  public MongoCheckoutSessions(MongoDatabase database) {
    this.collection = database.getCollection(Schema.CHECKOUT_SESSIONS);
  }

  @Override
  public void created(CheckoutRecord record) {
    // A repeated report of the same session keeps the first one: set-on-insert only.
    List<Bson> onInsert = new ArrayList<>();
    for (Map.Entry<String, Object> e : CheckoutSessionMapper.createdFields(record).entrySet()) {
      onInsert.add(Updates.setOnInsert(e.getKey(), e.getValue()));
    }
    try {
      collection.updateOne(
          Filters.eq("_id", record.sessionId()),
          Updates.combine(onInsert),
          new UpdateOptions().upsert(true));
    } catch (MongoException e) {
      // Two first reports raced and the other upsert inserted it: the session is recorded.
      if (!DuplicateKey.is(e)) {
        throw e;
      }
    }
  }

  @Override
  public boolean confirmed(String sessionId, Instant at) {
    return collection
            .updateOne(
                Filters.and(Filters.eq("_id", sessionId), Filters.exists("confirmedAt", false)),
                Updates.set("confirmedAt", date(at)))
            .getModifiedCount()
        == 1;
  }

  @Override
  public Optional<CheckoutRecord> find(String sessionId) {
    return Optional.ofNullable(collection.find(Filters.eq("_id", sessionId)).first())
        .map(CheckoutSessionMapper::fromDocument);
  }
}

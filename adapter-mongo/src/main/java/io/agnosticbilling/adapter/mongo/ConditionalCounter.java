package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.plan.Quota;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * A numeric field of one document per id, incremented only while the result stays within a limit,
 * in one single-document operation so that any number of processes share the limit.
 */
final class ConditionalCounter {
  private final MongoCollection<Document> collection;
  private final String field;

  ConditionalCounter(MongoCollection<Document> collection, String field) {
    this.collection = collection;
    this.field = field;
  }

  /** The answer: {@code before == after} when refused. */
  record Outcome(boolean allowed, long before, long after) {}

  /**
   * Adds {@code quantity} unless the result would pass {@code limit}. The document is created on
   * first use with {@code onInsert}'s fields.
   */
  Outcome increment(String id, long quantity, Quota limit, Document onInsert) {
    Bson filter = Filters.eq("_id", id);
    if (limit.limit().isPresent()) {
      long room = limit.limit().getAsLong() - quantity;
      if (room < 0) {
        long used = current(id);
        return new Outcome(false, used, used);
      }
      filter = Filters.and(filter, Filters.lte(field, room));
    }
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.inc(field, quantity));
    for (Map.Entry<String, Object> e : onInsert.entrySet()) {
      updates.add(Updates.setOnInsert(e.getKey(), e.getValue()));
    }
    Bson update = Updates.combine(updates);
    // The image BEFORE the update, not after: mongo-java-server's memory backend answers "after"
    // with the live document, which a concurrent increment can change before it is sent.
    Document before;
    try {
      before = collection.findOneAndUpdate(filter, update, options(true));
    } catch (MongoException e) {
      if (!DuplicateKey.is(e)) {
        throw e;
      }
      // The upsert lost: the document exists, either full (refused) or just created by a
      // concurrent first increment (room left). Without upsert the same filter tells which.
      before = collection.findOneAndUpdate(filter, update, options(false));
      if (before == null) {
        long used = current(id);
        return new Outcome(false, used, used);
      }
    }
    // No image (MongoDB) or an empty one (mongo-java-server) means the upsert created it.
    long was =
        before == null || !before.containsKey(field)
            ? 0
            : StoredDocument.of(collection.getNamespace().getCollectionName(), before)
                .longValue(field);
    return new Outcome(true, was, was + quantity);
  }

  /** Gives back what an increment took, when the operation it guarded did not happen. */
  void decrement(String id, long quantity) {
    collection.updateOne(Filters.eq("_id", id), Updates.inc(field, -quantity));
  }

  /** The count, 0 for a document never created. */
  long current(String id) {
    Document d = collection.find(Filters.eq("_id", id)).first();
    return d == null
        ? 0
        : StoredDocument.of(collection.getNamespace().getCollectionName(), d).longValue(field);
  }

  private static FindOneAndUpdateOptions options(boolean upsert) {
    return new FindOneAndUpdateOptions().upsert(upsert).returnDocument(ReturnDocument.BEFORE);
  }
}

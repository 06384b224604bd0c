package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
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
    List<Bson> creation = new ArrayList<>();
    creation.add(Updates.setOnInsert(field, quantity));
    for (Map.Entry<String, Object> e : onInsert.entrySet()) {
      updates.add(Updates.setOnInsert(e.getKey(), e.getValue()));
      creation.add(Updates.setOnInsert(e.getKey(), e.getValue()));
    }
    Bson update = Updates.combine(updates);
    // The image BEFORE the update, not after: mongo-java-server's memory backend answers "after"
    // with the live document, which a concurrent increment can change before it is sent.
    Document before = collection.findOneAndUpdate(filter, update, options());
    if (before != null) {
      return allowed(before, quantity);
    }
    // Absent, or full. An upsert filtered by the limit would tell the two apart only by failing
    // with a duplicate key when full, which the embedded server logs as an ERROR per refusal:
    // create the document on its id alone instead (it never collides with itself).
    try {
      UpdateResult created =
          collection.updateOne(
              Filters.eq("_id", id), Updates.combine(creation), new UpdateOptions().upsert(true));
      if (created.getUpsertedId() != null) {
        return new Outcome(true, 0, quantity);
      }
    } catch (MongoException e) {
      if (!DuplicateKey.is(e)) {
        throw e;
      }
      // Two first increments raced on the creation; the other one made it.
    }
    // It exists: full (refused), or just created by a concurrent first increment (room left).
    before = collection.findOneAndUpdate(filter, update, options());
    if (before == null) {
      long used = current(id);
      return new Outcome(false, used, used);
    }
    return allowed(before, quantity);
  }

  private Outcome allowed(Document before, long quantity) {
    long was =
        before.containsKey(field)
            ? StoredDocument.of(collection.getNamespace().getCollectionName(), before)
                .longValue(field)
            : 0;
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

  private static FindOneAndUpdateOptions options() {
    return new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE);
  }
}

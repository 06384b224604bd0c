package io.agnosticbilling.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Builds Stripe event envelopes of the pinned API version and keeps every event, so that the
 * control page and tests can list them and the deliverer gets each write's events as a batch.
 */
final class EventLog {
  static final String API_VERSION = "2026-07-29.dahlia";

  private final ObjectMapper mapper;
  private final List<EventRecord> all = new ArrayList<>();
  private final List<EventRecord> pending = new ArrayList<>();

  EventLog(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Records an event; call under the store's lock. */
  EventRecord emit(String type, ObjectNode object, ObjectNode previousAttributes, long created) {
    String id = Ids.next("evt");
    ObjectNode event = mapper.createObjectNode();
    event.put("id", id);
    event.put("object", "event");
    event.put("api_version", API_VERSION);
    event.put("created", created);
    ObjectNode data = event.putObject("data");
    data.set("object", object);
    if (previousAttributes != null && !previousAttributes.isEmpty()) {
      data.set("previous_attributes", previousAttributes);
    }
    event.put("livemode", false);
    event.put("pending_webhooks", 1);
    ObjectNode request = event.putObject("request");
    request.putNull("id");
    request.putNull("idempotency_key");
    event.put("type", type);
    try {
      EventRecord record = new EventRecord(id, type, created, mapper.writeValueAsString(event));
      synchronized (this) {
        all.add(record);
        pending.add(record);
      }
      return record;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event could not be written as JSON", e);
    }
  }

  /** The top-level fields of {@code before} whose values differ in {@code after}. */
  static ObjectNode previousAttributes(ObjectNode before, ObjectNode after) {
    ObjectNode previous = before.objectNode();
    for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!before.get(name).equals(after.get(name))) {
        previous.set(name, before.get(name));
      }
    }
    return previous;
  }

  synchronized List<EventRecord> drainPending() {
    List<EventRecord> batch = List.copyOf(pending);
    pending.clear();
    return batch;
  }

  synchronized List<EventRecord> all() {
    return List.copyOf(all);
  }
}

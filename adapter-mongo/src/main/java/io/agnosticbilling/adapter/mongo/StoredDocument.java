package io.agnosticbilling.adapter.mongo;

import io.agnosticbilling.domain.error.StoredDataException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bson.Document;

/**
 * A document read from a collection, whose getters turn a missing or mistyped field into a {@link
 * StoredDataException} naming the collection, the document id and the field path.
 */
final class StoredDocument {
  private final String collection;
  private final Object id;
  private final String path;
  private final Document document;

  private StoredDocument(String collection, Object id, String path, Document document) {
    this.collection = collection;
    this.id = id;
    this.path = path;
    this.document = document;
  }

  /** How every instant is stored: a BSON date, so ranges, sorts and TTL indexes work on it. */
  static Date date(Instant instant) {
    return Date.from(instant);
  }

  static StoredDocument of(String collection, Document document) {
    return new StoredDocument(collection, document.get("_id"), "", document);
  }

  Object id() {
    return id;
  }

  String string(String field) {
    return required(field, String.class);
  }

  Optional<String> optionalString(String field) {
    return optional(field, String.class);
  }

  long longValue(String field) {
    return required(field, Number.class).longValue();
  }

  int intValue(String field) {
    return required(field, Number.class).intValue();
  }

  boolean bool(String field) {
    return required(field, Boolean.class);
  }

  Instant instant(String field) {
    return required(field, Date.class).toInstant();
  }

  Optional<Instant> optionalInstant(String field) {
    return optional(field, Date.class).map(Date::toInstant);
  }

  StoredDocument sub(String field) {
    return new StoredDocument(collection, id, path + field + ".", required(field, Document.class));
  }

  Optional<StoredDocument> optionalSub(String field) {
    return optional(field, Document.class)
        .map(d -> new StoredDocument(collection, id, path + field + ".", d));
  }

  List<StoredDocument> subList(String field) {
    List<?> raw = required(field, List.class);
    List<StoredDocument> result = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof Document element)) {
        throw invalid(field + "." + i, "is not a document");
      }
      result.add(new StoredDocument(collection, id, path + field + "." + i + ".", element));
    }
    return result;
  }

  /** A field holding a name the domain parses; unknown names are bad data, not a default. */
  <T> T named(String field, Function<String, Optional<T>> parser) {
    String value = string(field);
    return parser
        .apply(value)
        .orElseThrow(() -> invalid(field, "has unknown value '" + value + "'"));
  }

  /** A value the domain builds from stored fields and may reject. */
  <T> T parsed(String field, Function<String, T> parser) {
    String value = string(field);
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new StoredDataException(where(field) + " is invalid: " + e.getMessage(), e);
    }
  }

  StoredDataException invalid(String field, String problem) {
    return new StoredDataException(where(field) + " " + problem);
  }

  /** Wraps a refusal of a domain constructor fed with this document's fields. */
  StoredDataException rejected(RuntimeException cause) {
    return new StoredDataException(
        "document '"
            + id
            + "' in collection '"
            + collection
            + "' was refused by the domain: "
            + cause.getMessage(),
        cause);
  }

  private String where(String field) {
    return "field '"
        + path
        + field
        + "' of document '"
        + id
        + "' in collection '"
        + collection
        + "'";
  }

  private <T> T required(String field, Class<T> type) {
    return optional(field, type).orElseThrow(() -> invalid(field, "is missing"));
  }

  private <T> Optional<T> optional(String field, Class<T> type) {
    Object value = document.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!type.isInstance(value)) {
      throw invalid(
          field,
          "should be " + type.getSimpleName() + " but is " + value.getClass().getSimpleName());
    }
    return Optional.of(type.cast(value));
  }
}

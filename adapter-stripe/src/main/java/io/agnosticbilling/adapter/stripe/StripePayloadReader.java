package io.agnosticbilling.adapter.stripe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parsing layer under {@link StripeEventTranslator}: reads an event payload's bytes with a Jackson
 * streaming parser and builds a Gson tree of only the fields a translation reads ({@link #EVENT});
 * everything else (130 of the 156 values of a 4.2 KB subscription event) is skipped token by token,
 * never built. Each kept field holds exactly the value Gson's {@code JsonParser} gives it, so
 * {@link StripeObjectMapper} reads the same values and words the same refusals; a kept field whose
 * value has another shape than the one described (an array where an object is read, an object where
 * a scalar is read) is kept whole, so the mapper's type checks see what was sent.
 *
 * <p>A field the mapper starts to read must be added to the shapes below: {@code
 * StripePayloadReaderTest} translates every example event (Stripe's published objects of both API
 * versions, and every read field replaced by each JSON type) through this reader and through the
 * full Gson tree and fails on any difference.
 *
 * <p>{@code scripts/bench-verify.sh} measures the signature check and this reading together
 * (docs/benchmarks.md).
 */
final class StripePayloadReader {
  // Gson 2.10's JsonParser has no limits; Jackson's defaults refuse numbers over 1,000 digits,
  // names over 50,000 characters and strings over 20 M, which Gson read. Only the nesting depth
  // keeps its default (1,000), which bounds the recursion of a kept value (Gson read deeper
  // documents, which Stripe never sends).
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .build())
          .build();

  /** Which fields of a JSON value are kept. */
  static final class Shape {
    /** A value kept whole, as sent (every scalar field the mapper reads). */
    static final Shape WHOLE = new Shape(null, null);

    // null: every field, kept whole; else only these fields.
    private final Map<String, Shape> fields;
    // null: every element, kept whole.
    private final Shape elements;

    private Shape(Map<String, Shape> fields, Shape elements) {
      this.fields = fields;
      this.elements = elements;
    }

    /** An object of which only {@code names} are kept, each whole. */
    static Shape object(String... names) {
      Map<String, Shape> fields = new HashMap<>();
      for (String name : names) {
        fields.put(name, WHOLE);
      }
      return new Shape(fields, null);
    }

    /** An array whose elements are kept as {@code element} says. */
    static Shape arrayOf(Shape element) {
      return new Shape(null, element);
    }

    /** A Stripe list object: its {@code data} array, each element kept as {@code element} says. */
    static Shape listOf(Shape element) {
      return object().with("data", arrayOf(element));
    }

    /** This object shape, also keeping {@code name} as {@code shape} says. */
    Shape with(String name, Shape shape) {
      Map<String, Shape> more = new HashMap<>(fields);
      more.merge(name, shape, Shape::union);
      return new Shape(more, elements);
    }

    /** The fields either shape keeps. */
    Shape union(Shape other) {
      if (this == WHOLE || other == WHOLE) {
        return WHOLE;
      }
      Map<String, Shape> merged = fields == null ? other.fields : fields;
      if (fields != null && other.fields != null) {
        merged = new HashMap<>(fields);
        for (Map.Entry<String, Shape> field : other.fields.entrySet()) {
          merged.merge(field.getKey(), field.getValue(), Shape::union);
        }
      }
      Shape element =
          elements == null
              ? other.elements
              : other.elements == null ? elements : elements.union(other.elements);
      return new Shape(merged, element);
    }

    /** How a field of this object is kept, or null when it is skipped. */
    private Shape field(String name) {
      return fields == null ? WHOLE : fields.get(name);
    }

    private Shape element() {
      return elements == null ? WHOLE : elements;
    }
  }

  /** A reference Stripe sends as an id or, expanded, as an object of which the id is read. */
  private static final Shape ID = Shape.object("id");

  private static final Shape METADATA = Shape.object(StripeObjectMapper.ORGANIZATION_METADATA_KEY);

  /** A price (or a legacy plan): its id and product. */
  private static final Shape PRICE = Shape.object("id").with("product", ID);

  /** What {@link StripeObjectMapper#subscription} reads. */
  static final Shape SUBSCRIPTION =
      Shape.object(
              "id",
              "object",
              "current_period_start",
              "current_period_end",
              "status",
              "cancel_at_period_end",
              "cancel_at",
              "start_date",
              "created",
              "canceled_at",
              "trial_end")
          .with("customer", ID)
          .with("metadata", METADATA)
          .with(
              "items",
              Shape.listOf(
                  Shape.object("id", "current_period_start", "current_period_end")
                      .with("price", PRICE)
                      .with("plan", PRICE)))
          .with(
              "schedule",
              Shape.object("id")
                  .with("current_phase", Shape.object("end_date"))
                  .with(
                      "phases",
                      Shape.arrayOf(
                          Shape.object("start_date", "end_date")
                              .with("items", Shape.arrayOf(Shape.object().with("price", PRICE))))));

  /** What {@link StripeObjectMapper#invoice} reads. */
  static final Shape INVOICE =
      Shape.object(
              "id",
              "object",
              "amount_paid",
              "amount_due",
              "currency",
              "attempt_count",
              "next_payment_attempt",
              "period_start",
              "period_end")
          .with("customer", ID)
          .with("subscription", ID)
          .with(
              "parent",
              Shape.object()
                  .with(
                      "subscription_details",
                      Shape.object().with("subscription", ID).with("metadata", METADATA)))
          .with("subscription_details", Shape.object().with("metadata", METADATA))
          .with(
              "lines",
              Shape.listOf(
                  Shape.object()
                      .with("period", Shape.object("start", "end"))
                      .with(
                          "parent",
                          Shape.object().with("subscription_item_details", Shape.object()))
                      .with("subscription", ID)));

  /** What {@link StripeObjectMapper#checkoutSession} reads. */
  static final Shape CHECKOUT_SESSION =
      Shape.object("id", "object", "client_reference_id", "status")
          .with("metadata", METADATA)
          .with("customer", ID)
          .with("subscription", ID);

  /** What {@link StripeObjectMapper#scheduleChanged} reads. */
  static final Shape SUBSCRIPTION_SCHEDULE =
      Shape.object("id", "object")
          .with("customer", ID)
          .with("subscription", ID)
          .with("released_subscription", ID);

  /**
   * The event envelope and its object. The envelope names its type after the object, so the object
   * keeps what any of the translations reads.
   */
  static final Shape EVENT =
      Shape.object("id", "object", "type", "created", "livemode", "api_version")
          .with(
              "data",
              Shape.object()
                  .with(
                      "object",
                      SUBSCRIPTION
                          .union(INVOICE)
                          .union(CHECKOUT_SESSION)
                          .union(SUBSCRIPTION_SCHEDULE)));

  private StripePayloadReader() {}

  /** {@link #readEvent(byte[])} of the payload's UTF-8 bytes. */
  static JsonObject readEvent(String payload) {
    if (payload == null || payload.isBlank()) {
      throw empty();
    }
    return readEvent(payload.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The event envelope as a Gson object holding only the fields a translation reads.
   *
   * @throws IllegalArgumentException with the messages of a full Gson reading when the payload is
   *     empty, not valid JSON or not a JSON object
   */
  static JsonObject readEvent(byte[] payload) {
    if (payload == null || isBlank(payload)) {
      throw empty();
    }
    // A leading byte order mark is skipped, as Gson does (Jackson refuses one with nothing after).
    int start = hasByteOrderMark(payload) ? 3 : 0;
    try (JsonParser in = JSON.createParser(payload, start, payload.length - start)) {
      JsonToken first = in.nextToken();
      if (first != JsonToken.START_OBJECT) {
        // Gson reads a document of only a byte order mark, or one starting with null, as null.
        if (first != null && first != JsonToken.VALUE_NULL) {
          in.skipChildren();
          requireEnd(in);
        }
        throw new IllegalArgumentException("the event payload must be a JSON object");
      }
      JsonObject event = object(in, EVENT);
      requireEnd(in);
      return event;
    } catch (IOException e) {
      throw new IllegalArgumentException("the event payload is not valid JSON", e);
    }
  }

  private static IllegalArgumentException empty() {
    return new IllegalArgumentException("the event payload is empty");
  }

  // As String.isBlank of the decoded text; decoded only when no ASCII byte settles it.
  private static boolean isBlank(byte[] payload) {
    for (byte b : payload) {
      if (b >= 0 && !Character.isWhitespace(b)) {
        return false;
      }
    }
    return new String(payload, StandardCharsets.UTF_8).isBlank();
  }

  private static boolean hasByteOrderMark(byte[] payload) {
    return payload.length >= 3
        && payload[0] == (byte) 0xEF
        && payload[1] == (byte) 0xBB
        && payload[2] == (byte) 0xBF;
  }

  private static void requireEnd(JsonParser in) throws IOException {
    if (in.nextToken() != null) {
      throw new IOException("Did not consume the entire document.");
    }
  }

  // The parser is on START_OBJECT; leaves it on the matching END_OBJECT.
  private static JsonObject object(JsonParser in, Shape shape) throws IOException {
    JsonObject object = new JsonObject();
    String name;
    while ((name = in.nextFieldName()) != null) {
      JsonToken token = in.nextToken();
      Shape field = shape.field(name);
      if (field == null) {
        in.skipChildren();
      } else {
        object.add(name, value(in, token, field));
      }
    }
    return object;
  }

  // A scalar as Gson's JsonParser makes it: numbers keep their text (LazilyParsedNumber).
  private static JsonElement value(JsonParser in, JsonToken token, Shape shape) throws IOException {
    return switch (token) {
      // A value of another shape than described (an array where an object is read) is kept whole.
      case START_OBJECT -> object(in, shape);
      case START_ARRAY -> array(in, shape.element());
      case VALUE_STRING -> new JsonPrimitive(in.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
          new JsonPrimitive(new LazilyParsedNumber(in.getText()));
      case VALUE_TRUE -> new JsonPrimitive(Boolean.TRUE);
      case VALUE_FALSE -> new JsonPrimitive(Boolean.FALSE);
      case VALUE_NULL -> JsonNull.INSTANCE;
      default -> throw new IOException("unexpected " + token);
    };
  }

  private static JsonArray array(JsonParser in, Shape element) throws IOException {
    JsonArray array = new JsonArray();
    JsonToken token;
    while ((token = in.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new IOException("end of input in an array");
      }
      array.add(value(in, token, element));
    }
    return array;
  }
}

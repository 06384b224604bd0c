package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.Set;

/**
 * Parsing layer under {@link StripeEventTranslator}: reads an event payload into the same Gson tree
 * as {@link JsonParser#parseString}, in one streaming pass, but skips (never builds) the parts of a
 * subscription that no translation reads: the object- and array-valued settings listed in {@link
 * #SUBSCRIPTION_SETTINGS} (about 1.6 KB of Stripe's 4 KB subscription). Every scalar field, and
 * every other object or array, is kept as it was sent, so a translation that reads a new scalar
 * field needs no change here; one that reads a listed setting must remove it from the list.
 *
 * <p>Measured on the webhook benchmark, building the full tree was about 15 % of the server's CPU
 * per event. {@code StripePayloadReaderTest} proves both readings translate every example event
 * alike.
 */
final class StripePayloadReader {
  /**
   * A subscription's settings that are objects or arrays and that no translation reads (billing,
   * tax, invoicing and payment settings, a pending update, the schedule of billing dates). A listed
   * field sent as a scalar or null is kept.
   */
  static final Set<String> SUBSCRIPTION_SETTINGS =
      Set.of(
          "automatic_tax",
          "billing_cycle_anchor_config",
          "billing_mode",
          "billing_schedules",
          "billing_thresholds",
          "default_tax_rates",
          "discounts",
          "invoice_settings",
          "managed_payments",
          "payment_settings",
          "pending_invoice_item_interval",
          "pending_update",
          "transfer_data");

  private StripePayloadReader() {}

  /**
   * The event envelope as a Gson object, its subscription without the skipped settings.
   *
   * @throws IllegalArgumentException with {@link StripeEventTranslator}'s messages when the payload
   *     is empty, not valid JSON or not a JSON object
   */
  static JsonObject readEvent(String payload) {
    if (payload == null || payload.isBlank()) {
      throw new IllegalArgumentException("the event payload is empty");
    }
    try {
      JsonReader in = new JsonReader(new StringReader(payload));
      // As JsonParser.parseString: lenient, and the whole document must be one value.
      in.setLenient(true);
      if (in.peek() != JsonToken.BEGIN_OBJECT) {
        // Not an object (or not JSON): the full parser words the refusal.
        return fullTree(payload);
      }
      JsonObject event = object(in, Level.ENVELOPE);
      if (in.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("Did not consume the entire document.");
      }
      return event;
    } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new IllegalArgumentException("the event payload is not valid JSON", e);
    }
  }

  /** The whole payload as {@link JsonParser} reads it: the reference the layer must equal. */
  static JsonObject fullTree(String payload) {
    if (payload == null || payload.isBlank()) {
      throw new IllegalArgumentException("the event payload is empty");
    }
    try {
      JsonElement root = JsonParser.parseString(payload);
      if (!root.isJsonObject()) {
        throw new IllegalArgumentException("the event payload must be a JSON object");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("the event payload is not valid JSON", e);
    }
  }

  /** Where in the event an object sits, which decides what inside it may be skipped. */
  private enum Level {
    ENVELOPE,
    DATA,
    OBJECT,
    OTHER;

    Level child(String name) {
      return switch (this) {
        case ENVELOPE -> "data".equals(name) ? DATA : OTHER;
        case DATA -> "object".equals(name) ? OBJECT : OTHER;
        default -> OTHER;
      };
    }
  }

  private static JsonObject object(JsonReader in, Level level) throws IOException {
    JsonObject object = new JsonObject();
    // Stripe sends "object" (the kind) near the start; settings met before it are kept.
    boolean subscription = false;
    in.beginObject();
    while (in.hasNext()) {
      String name = in.nextName();
      JsonToken next = in.peek();
      if (subscription
          && (next == JsonToken.BEGIN_OBJECT || next == JsonToken.BEGIN_ARRAY)
          && SUBSCRIPTION_SETTINGS.contains(name)) {
        in.skipValue();
        continue;
      }
      JsonElement value = value(in, next, level.child(name));
      if (level == Level.OBJECT && "object".equals(name)) {
        subscription = value.isJsonPrimitive() && "subscription".equals(value.getAsString());
      }
      object.add(name, value);
    }
    in.endObject();
    return object;
  }

  private static JsonElement value(JsonReader in, JsonToken token, Level level) throws IOException {
    return switch (token) {
      case BEGIN_OBJECT -> object(in, level);
      case BEGIN_ARRAY -> array(in);
      case STRING -> new JsonPrimitive(in.nextString());
      case NUMBER -> new JsonPrimitive(new LazilyParsedNumber(in.nextString()));
      case BOOLEAN -> new JsonPrimitive(in.nextBoolean());
      case NULL -> {
        in.nextNull();
        yield JsonNull.INSTANCE;
      }
      default -> throw new IllegalStateException("unexpected " + token + " at " + in.getPath());
    };
  }

  private static JsonArray array(JsonReader in) throws IOException {
    JsonArray array = new JsonArray();
    in.beginArray();
    while (in.hasNext()) {
      array.add(value(in, in.peek(), Level.OTHER));
    }
    in.endArray();
    return array;
  }
}

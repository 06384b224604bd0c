package io.agnosticbilling.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.agnosticbilling.domain.event.BillingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parsing layer ({@link StripePayloadReader}) against the full Gson tree it replaces: every
 * object of Stripe's published examples (both API versions in {@code /work/shared/stripe}, and this
 * module's fixtures) in an event of every type the translator reads translates to the same domain
 * event, or fails with the same message.
 */
class StripePayloadReaderTest {
  private static final Path SHARED = Path.of("/work/shared/stripe");
  private static final List<String> TYPES =
      List.of(
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "invoice.paid",
          "invoice.payment_succeeded",
          "invoice.payment_failed",
          "checkout.session.completed",
          "customer.subscription.trial_will_end",
          "customer.created");

  /** One example payload: where its object came from, and the event around it. */
  record Example(String name, String payload) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    for (String file : List.of("fixtures3.json", "fixtures3-2024-10.json")) {
      JsonObject resources =
          JsonParser.parseString(Files.readString(SHARED.resolve(file), StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("resources");
      JsonObject envelope = resources.getAsJsonObject("event");
      for (Map.Entry<String, JsonElement> resource : resources.entrySet()) {
        if (resource.getValue().isJsonObject()) {
          addEvents(examples, file + " " + resource.getKey(), envelope, resource.getValue());
        }
      }
    }
    JsonObject envelope = StripeJson.fixture("event");
    JsonObject acacia = StripeJson.fixture("acacia/event");
    for (String fixture :
        List.of("subscription", "invoice", "invoice-legacy", "checkout-session", "event")) {
      addEvents(examples, "fixture " + fixture, envelope, StripeJson.fixture(fixture));
    }
    for (String fixture : List.of("subscription", "invoice")) {
      addEvents(examples, "acacia " + fixture, acacia, StripeJson.fixture("acacia/" + fixture));
    }
    // The listed settings sent as scalars are kept (a translation may read them as such).
    JsonObject scalarSettings = StripeJson.fixture("subscription");
    StripePayloadReader.SUBSCRIPTION_SETTINGS.forEach(
        name -> scalarSettings.addProperty(name, "scalar"));
    addEvents(examples, "subscription with scalar settings", envelope, scalarSettings);
    // The kind named after the settings: they are kept, and the translation is the same.
    JsonObject kindLast = new JsonObject();
    JsonObject subscription = StripeJson.fixture("subscription");
    subscription.entrySet().stream()
        .filter(e -> !"object".equals(e.getKey()))
        .forEach(e -> kindLast.add(e.getKey(), e.getValue()));
    kindLast.addProperty("object", "subscription");
    addEvents(examples, "subscription, kind last", envelope, kindLast);
    return examples.stream();
  }

  private static void addEvents(
      List<Example> examples, String name, JsonObject envelope, JsonElement object) {
    for (String type : TYPES) {
      JsonObject event = envelope.deepCopy();
      event.addProperty("type", type);
      event.getAsJsonObject("data").add("object", object.deepCopy());
      examples.add(new Example(name + " as " + type, event.toString()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  @DisplayName("every example event translates as with the full tree")
  void sameTranslation(Example example) {
    assertThat(outcome(StripePayloadReader.readEvent(example.payload())))
        .isEqualTo(outcome(StripePayloadReader.fullTree(example.payload())));
  }

  @Test
  @DisplayName("the subscription settings no translation reads are not built")
  void skipsSettings() throws IOException {
    JsonObject subscription = StripeJson.fixture("subscription");
    subscription.add("pending_update", JsonParser.parseString("{\"expires_at\": 1}"));
    subscription.add("payment_settings", JsonParser.parseString("{\"payment_method_types\": []}"));
    String payload = StripeJson.eventJson("customer.subscription.updated", subscription);

    JsonObject read =
        StripePayloadReader.readEvent(payload).getAsJsonObject("data").getAsJsonObject("object");

    assertThat(read.has("pending_update")).isFalse();
    assertThat(read.has("payment_settings")).isFalse();
    assertThat(read.getAsJsonObject("items")).isEqualTo(subscription.getAsJsonObject("items"));
    assertThat(read.get("status")).isEqualTo(subscription.get("status"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "  ", "[1, 2]", "\"text\"", "{\"id\": ", "{\"id\": 1} trailing", "[1,", "nul"})
  @DisplayName("an empty, non-object or broken payload is refused with the full parser's message")
  void sameRefusal(String payload) {
    assertThat(failure(() -> StripePayloadReader.readEvent(payload)))
        .isNotNull()
        .isEqualTo(failure(() -> StripePayloadReader.fullTree(payload)));
  }

  private static String failure(Runnable read) {
    try {
      read.run();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The translation of a parsed event, or the message it failed with. */
  private static Object outcome(JsonObject event) {
    try {
      BillingEvent translated =
          StripeEventTranslator.translate(StripeEventTranslator.header(event), event);
      return translated;
    } catch (IllegalArgumentException e) {
      return "failed: " + e.getMessage();
    }
  }
}

package io.agnosticbilling.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.agnosticbilling.domain.event.BillingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parsing layer ({@link StripePayloadReader}: Jackson streaming, only the read fields built)
 * against the full Gson tree ({@link JsonParser}) the translation was written for: every example
 * event translates to the same domain event, or fails with the same message. The examples are every
 * object of Stripe's published examples (both API versions in {@code /work/shared/stripe}, when
 * present) in an event of every type the translator reads, and this module's fixtures with each of
 * their fields, at any depth, removed, replaced by each kind of JSON value, or sent twice.
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
          "subscription_schedule.updated",
          "customer.created");

  /** What a read field is replaced by: each kind of JSON value, and values of the read shapes. */
  private static final List<String> REPLACEMENTS =
      List.of(
          "null",
          "\"text\"",
          "\"\"",
          "7",
          "-1.5",
          "1.0",
          "1e3",
          "123456789012345678901234567890",
          "true",
          "false",
          "{}",
          "[]",
          "{\"id\":\"x_1\"}",
          "[\"x\"]",
          "[{\"id\":\"x_2\"}]",
          "[null, 1]");

  /** One example payload: where its object came from, and the event around it. */
  record Example(String name, String payload) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The reference: the whole payload as Gson's lenient {@link JsonParser} reads it. */
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

  static Stream<Example> publishedExamples() throws IOException {
    List<Example> examples = new ArrayList<>();
    // Stripe's published example objects, kept outside the project (absent on a fresh clone).
    for (String file : List.of("fixtures3.json", "fixtures3-2024-10.json")) {
      if (!Files.isReadable(SHARED.resolve(file))) {
        continue;
      }
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
    addEvents(examples, "subscription with its schedule", envelope, withSchedule());
    // The kind named after everything else: the same fields are kept, the translation is the same.
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

  /**
   * A subscription as fetched with {@code expand[]=schedule}: the schedule's phases, one price an
   * id and the next one expanded.
   */
  private static JsonObject withSchedule() {
    JsonObject subscription = StripeJson.fixture("subscription");
    subscription.add(
        "schedule",
        JsonParser.parseString(
            """
            {"id": "sub_sched_1", "object": "subscription_schedule", "end_behavior": "release",
             "current_phase": {"start_date": 1767225600, "end_date": 1769904000},
             "phases": [
               {"start_date": 1767225600, "end_date": 1769904000, "currency": "usd",
                "items": [{"price": "price_1PgafmB7WZ01zgkW6dKueIc5", "quantity": 1}]},
               {"start_date": 1769904000, "end_date": 1772582400, "currency": "usd",
                "items": [{"price": {"id": "price_next", "object": "price",
                                     "product": {"id": "prod_next", "name": "Next"}},
                           "quantity": 1}]}]}
            """));
    return subscription;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedExamples")
  @DisplayName("every published example event translates as with the full tree")
  void sameTranslation(Example example) {
    assertThat(outcome(example.payload())).isEqualTo(reference(example.payload()));
  }

  /** An object of this module's fixtures, with the event types that read it. */
  record Mutated(String fixture, JsonObject envelope, JsonObject object, List<String> types) {
    @Override
    public String toString() {
      return fixture + " as " + types;
    }
  }

  static Stream<Mutated> mutatedFixtures() {
    JsonObject envelope = StripeJson.fixture("event");
    JsonObject acacia = StripeJson.fixture("acacia/event");
    List<String> subscriptionTypes =
        List.of("customer.subscription.updated", "customer.subscription.trial_will_end");
    List<String> invoiceTypes = List.of("invoice.paid", "invoice.payment_failed");
    JsonObject schedule = new JsonObject();
    schedule.addProperty("id", "sub_sched_2");
    schedule.addProperty("object", "subscription_schedule");
    schedule.addProperty("customer", StripeJson.CUSTOMER_ID);
    schedule.addProperty("subscription", StripeJson.SUBSCRIPTION_ID);
    schedule.add("released_subscription", JsonParser.parseString("null"));
    schedule.add("metadata", new JsonObject());
    return Stream.of(
        new Mutated(
            "subscription", envelope, StripeJson.fixture("subscription"), subscriptionTypes),
        new Mutated("subscription with its schedule", envelope, withSchedule(), subscriptionTypes),
        new Mutated(
            "acacia subscription",
            acacia,
            StripeJson.fixture("acacia/subscription"),
            subscriptionTypes),
        new Mutated("invoice", envelope, StripeJson.fixture("invoice"), invoiceTypes),
        new Mutated("invoice-legacy", envelope, StripeJson.fixture("invoice-legacy"), invoiceTypes),
        new Mutated("acacia invoice", acacia, StripeJson.fixture("acacia/invoice"), invoiceTypes),
        new Mutated(
            "checkout session",
            envelope,
            StripeJson.fixture("checkout-session"),
            List.of("checkout.session.completed")),
        new Mutated(
            "subscription schedule", envelope, schedule, List.of("subscription_schedule.updated")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutatedFixtures")
  @DisplayName(
      "every field of an example event, removed, replaced by any JSON value or sent twice,"
          + " translates as with the full tree")
  void sameTranslationOfEveryMutation(Mutated mutated) {
    List<String> payloads = new ArrayList<>();
    for (String type : mutated.types()) {
      JsonObject event = mutated.envelope().deepCopy();
      event.addProperty("type", type);
      event.getAsJsonObject("data").add("object", mutated.object().deepCopy());
      mutations(event, event, payloads::add);
    }
    List<String> differing = new ArrayList<>();
    for (String payload : payloads) {
      Object expected = reference(payload);
      Object actual = outcome(payload);
      if (!expected.equals(actual)) {
        differing.add(payload + "\n  full tree: " + expected + "\n  reader:    " + actual);
      }
    }
    assertThat(payloads).hasSizeGreaterThan(100);
    assertThat(differing).isEmpty();
  }

  /**
   * Every variant of {@code root} in which one member of {@code object} (or of an object below it)
   * is removed, replaced, or sent twice; the members keep their order.
   */
  private static void mutations(JsonObject root, JsonObject object, Consumer<String> payloads) {
    List<Map.Entry<String, JsonElement>> members = new ArrayList<>();
    object.entrySet().forEach(e -> members.add(Map.entry(e.getKey(), e.getValue())));
    for (int i = 0; i < members.size(); i++) {
      String name = members.get(i).getKey();
      JsonElement original = members.get(i).getValue();
      rebuild(object, members, i, null);
      payloads.accept(root.toString());
      for (String replacement : REPLACEMENTS) {
        rebuild(object, members, i, JsonParser.parseString(replacement));
        payloads.accept(root.toString());
      }
      rebuild(object, members, i, original);
      // Sent twice: Gson keeps the last value; the reader must not keep the other one.
      String marker = "\"" + name + "\":" + original;
      String payload = root.toString();
      payloads.accept(
          payload.replace(marker, "\"" + name + "\":{\"id\":\"dup\",\"x\":[1]}," + marker));
      payloads.accept(payload.replace(marker, marker + ",\"" + name + "\":\"dup\""));
      descend(root, original, payloads);
    }
  }

  /**
   * {@code object} as {@code members}, with member {@code index} set to {@code value} (or none).
   */
  private static void rebuild(
      JsonObject object,
      List<Map.Entry<String, JsonElement>> members,
      int index,
      JsonElement value) {
    members.forEach(e -> object.remove(e.getKey()));
    for (int i = 0; i < members.size(); i++) {
      JsonElement element = i == index ? value : members.get(i).getValue();
      if (element != null) {
        object.add(members.get(i).getKey(), element);
      }
    }
  }

  private static void descend(JsonObject root, JsonElement value, Consumer<String> payloads) {
    if (value.isJsonObject()) {
      mutations(root, value.getAsJsonObject(), payloads);
    } else if (value.isJsonArray()) {
      JsonArray array = value.getAsJsonArray();
      for (JsonElement element : array) {
        descend(root, element, payloads);
      }
    }
  }

  @Test
  @DisplayName("only the fields a translation reads are built")
  void keepsOnlyReadFields() {
    JsonObject subscription = StripeJson.fixture("subscription");
    subscription.add("pending_update", JsonParser.parseString("{\"expires_at\": 1}"));
    subscription.add("payment_settings", JsonParser.parseString("{\"payment_method_types\": []}"));
    String payload = StripeJson.eventJson("customer.subscription.updated", subscription);

    JsonObject event = StripePayloadReader.readEvent(payload.getBytes(StandardCharsets.UTF_8));

    assertThat(event.keySet())
        .containsExactlyInAnyOrder(
            "id", "object", "api_version", "created", "livemode", "type", "data");
    JsonObject read = event.getAsJsonObject("data").getAsJsonObject("object");
    assertThat(read.keySet())
        .doesNotContain("pending_update", "payment_settings", "billing_mode", "latest_invoice")
        .contains("id", "status", "customer", "items", "metadata", "cancel_at_period_end");
    JsonObject item = StripeJson.firstItem(read);
    assertThat(item.keySet())
        .containsExactlyInAnyOrder("id", "price", "current_period_start", "current_period_end");
    assertThat(item.getAsJsonObject("price").keySet()).containsExactlyInAnyOrder("id", "product");
    assertThat(read.get("status")).isEqualTo(subscription.get("status"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "\n\t",
        "\u2003",
        "[1, 2]",
        "\"text\"",
        "7",
        "null",
        "null trailing",
        "\uFEFF",
        "{\"id\": ",
        "{\"id\": 1} trailing",
        "{\"id\": 1} {}",
        "{\"data\": {\"object\": [1,",
        "[1,",
        "\uFEFF{\"id\": 1} {}",
        "{\"a\" 1}",
        "{\"a\": \"unterminated}"
      })
  @DisplayName("an empty, non-object or broken payload is refused with the full parser's message")
  void sameRefusal(String payload) {
    assertThat(failure(() -> StripePayloadReader.readEvent(payload)))
        .isNotNull()
        .isEqualTo(failure(() -> fullTree(payload)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'id': 'evt_1'}",
        "{id: \"evt_1\"}",
        "{\"id\": evt_1}",
        "{\"id\": \"evt_1\", /* comment */ \"type\": \"x\"}",
        "{\"id\": \"evt_1\",}",
        "{\"created\": 007}",
        "{\"created\": NaN}",
        "{\"a\": tru}",
        "nul"
      })
  @DisplayName("what only a lenient parser reads (not JSON; Stripe never sends it) is refused")
  void refusesLenientSyntax(String payload) {
    assertThatThrownBy(() -> StripePayloadReader.readEvent(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the event payload is not valid JSON");
  }

  @Test
  @DisplayName("a leading byte order mark is skipped, as Gson skips it")
  void skipsByteOrderMark() {
    String payload =
        "\uFEFF"
            + StripeJson.eventJson(
                "customer.subscription.updated", StripeJson.fixture("subscription"));

    assertThat(outcome(payload)).isInstanceOf(BillingEvent.class).isEqualTo(reference(payload));
  }

  @Test
  @DisplayName("bytes that are not UTF-8 in a string are refused as not valid JSON")
  void refusesMalformedUtf8() {
    byte[] payload = "{\"id\": \"evt_\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    payload[payload.length - 3] = (byte) 0xff;

    assertThatThrownBy(() -> StripePayloadReader.readEvent(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the event payload is not valid JSON");
  }

  private static String failure(Runnable read) {
    try {
      read.run();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** What the reader gives: the translation of the payload's bytes, or its failure. */
  private static Object outcome(String payload) {
    try {
      return translation(StripePayloadReader.readEvent(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      return "refused: " + e.getMessage();
    }
  }

  private static Object reference(String payload) {
    try {
      return translation(fullTree(payload));
    } catch (IllegalArgumentException e) {
      return "refused: " + e.getMessage();
    }
  }

  /** The translation of a parsed event, or how it failed. */
  private static Object translation(JsonObject event) {
    try {
      BillingEvent translated =
          StripeEventTranslator.translate(StripeEventTranslator.header(event), event);
      return translated;
    } catch (IllegalArgumentException e) {
      return "failed: " + e.getMessage();
    } catch (RuntimeException e) {
      // Not a refusal the adapter words (a Gson cast the mapper does not guard): the same one.
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
  }
}

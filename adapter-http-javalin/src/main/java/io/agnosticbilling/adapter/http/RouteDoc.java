package io.agnosticbilling.adapter.http;

import static io.agnosticbilling.adapter.http.JsonSchemas.map;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the OpenAPI document says about one route: a sentence, its request body and parameters, its
 * answers (status and body) and the problem codes it answers besides those every route of its kind
 * answers ({@link OpenApiDocument} adds those from the route's access and body). Written in {@link
 * ApiDescriptions}, the one place a route is described.
 */
final class RouteDoc {
  /** One answer: the status, its media type and the body's type or schema (empty: no body). */
  record Answer(int status, String description, String mediaType, Optional<Object> body) {}

  private String summary = "";
  private String description = "";
  private Optional<Map<String, Object>> body = Optional.empty();
  private String bodyMediaType = "application/json";
  private final List<Map<String, Object>> parameters = new ArrayList<>();
  private final List<Answer> answers = new ArrayList<>();
  private final Map<Integer, Set<String>> problems = new TreeMap<>();

  RouteDoc summary(String text) {
    this.summary = text;
    return this;
  }

  RouteDoc description(String text) {
    this.description = text;
    return this;
  }

  /** A JSON object body: {@code fields} from {@link #required} and {@link #optional}. */
  RouteDoc body(Field... fields) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field f : fields) {
      properties.put(f.name(), f.schema());
      if (f.required()) {
        required.add(f.name());
      }
    }
    Map<String, Object> schema = map("type", "object", "properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    // Unknown fields are ignored (JsonBody), so clients may send more than a route reads.
    schema.put("additionalProperties", true);
    return rawBody("application/json", schema);
  }

  /** A body read as it comes (the webhook's signed payload). */
  RouteDoc rawBody(String mediaType, Map<String, Object> schema) {
    this.body = Optional.of(schema);
    this.bodyMediaType = mediaType;
    return this;
  }

  RouteDoc query(String name, Map<String, Object> schema, String text) {
    parameters.add(
        map("name", name, "in", "query", "required", false, "description", text, "schema", schema));
    return this;
  }

  RouteDoc header(String name, boolean required, String text) {
    parameters.add(
        map(
            "name",
            name,
            "in",
            "header",
            "required",
            required,
            "description",
            text,
            "schema",
            map("type", "string")));
    return this;
  }

  /** A JSON answer whose body is a value of {@code type} (a record, a {@code List<record>}). */
  RouteDoc answer(int status, String text, Type type) {
    answers.add(new Answer(status, text, "application/json", Optional.of(type)));
    return this;
  }

  /** A JSON answer whose body is a list of {@code element}. */
  RouteDoc answerList(int status, String text, Class<?> element) {
    answers.add(new Answer(status, text, "application/json", Optional.of(new ListOf(element))));
    return this;
  }

  /** An answer with a hand-written schema. */
  RouteDoc answer(int status, String text, String mediaType, Map<String, Object> schema) {
    answers.add(new Answer(status, text, mediaType, Optional.of(schema)));
    return this;
  }

  /** An answer without a body (204). */
  RouteDoc noContent(int status, String text) {
    answers.add(new Answer(status, text, "", Optional.empty()));
    return this;
  }

  /** Problem codes this route answers with {@code status}, besides its kind's common ones. */
  RouteDoc problems(int status, String... codes) {
    problems.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(codes));
    return this;
  }

  /** The answers of a route that calls the payment provider. */
  RouteDoc provider() {
    return problems(503, "payments_not_configured", "provider_rate_limited")
        .problems(
            502,
            "provider_invalid_request",
            "provider_authentication",
            "provider_unreachable",
            "provider_error");
  }

  String summary() {
    return summary;
  }

  String description() {
    return description;
  }

  Optional<Map<String, Object>> body() {
    return body;
  }

  String bodyMediaType() {
    return bodyMediaType;
  }

  List<Map<String, Object>> parameters() {
    return List.copyOf(parameters);
  }

  List<Answer> answers() {
    return List.copyOf(answers);
  }

  Map<Integer, Set<String>> problems() {
    Map<Integer, Set<String>> copy = new TreeMap<>();
    problems.forEach((status, codes) -> copy.put(status, new LinkedHashSet<>(codes)));
    return copy;
  }

  /** One field of a JSON request body. */
  record Field(String name, boolean required, Map<String, Object> schema) {}

  /** A list answer's element type, resolved when the document is built. */
  record ListOf(Class<?> element) {}

  static Field required(String name, Map<String, Object> schema) {
    return new Field(name, true, schema);
  }

  static Field optional(String name, Map<String, Object> schema) {
    return new Field(name, false, schema);
  }

  static Map<String, Object> string(String text) {
    return map("type", "string", "description", text);
  }

  static Map<String, Object> string(int minLength, int maxLength, String text) {
    return map(
        "type", "string", "minLength", minLength, "maxLength", maxLength, "description", text);
  }

  static Map<String, Object> oneOf(List<String> values, String text) {
    return map("type", "string", "enum", values, "description", text);
  }

  static Map<String, Object> integer(long min, long max, String text) {
    return map("type", "integer", "minimum", min, "maximum", max, "description", text);
  }
}

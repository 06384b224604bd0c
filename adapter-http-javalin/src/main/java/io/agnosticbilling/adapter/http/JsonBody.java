package io.agnosticbilling.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request's JSON object, read field by field so every wrong field is a 400 that names it. Unknown
 * fields are ignored, so clients may send more than a route reads.
 */
final class JsonBody {
  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  static JsonBody of(JsonNode node) {
    if (!node.isObject()) {
      throw new ApiException(400, "malformed_json", "The request body must be a JSON object.");
    }
    return new JsonBody(node);
  }

  /** A string field that must be present; blank strings are left to the domain to judge. */
  String requiredText(String field) {
    return optionalText(field)
        .orElseThrow(() -> ApiException.invalid(field, "'" + field + "' is required"));
  }

  Optional<String> optionalText(String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw ApiException.invalid(field, "'" + field + "' must be a string");
    }
    return Optional.of(node.asText());
  }

  /** A whole number field within {@code [min, max]}, when present. */
  OptionalLong optionalWholeNumber(String field, long min, long max) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return OptionalLong.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw ApiException.invalid(field, "'" + field + "' must be a whole number");
    }
    long value = node.asLong();
    if (value < min || value > max) {
      throw ApiException.invalid(field, "'" + field + "' must be between " + min + " and " + max);
    }
    return OptionalLong.of(value);
  }
}

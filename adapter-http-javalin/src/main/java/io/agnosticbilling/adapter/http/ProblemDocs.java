package io.agnosticbilling.adapter.http;

import static io.agnosticbilling.adapter.http.JsonSchemas.map;
import static io.agnosticbilling.adapter.http.JsonSchemas.nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problem+json shapes of the OpenAPI document: the members every problem has ({@link
 * Problem#body}), and the extra members some codes carry (the figures of a limit refusal, the
 * invalid field, the seconds to wait). Keep in step with {@link ProblemMapper} and {@link
 * ApiException}; docs/api.md lists the codes.
 */
final class ProblemDocs {
  static final String PROBLEM = "Problem";

  private ProblemDocs() {}

  /** The members of every problem answer. */
  static Map<String, Object> problemSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(
        "type", map("type", "string", "description", "urn:agnostic-billing:problem:<code>"));
    properties.put("title", map("type", "string", "description", "the status in words"));
    properties.put("status", map("type", "integer", "format", "int32"));
    properties.put("detail", map("type", "string", "description", "a sentence for people"));
    properties.put("code", map("type", "string", "description", "stable: clients switch on it"));
    properties.put("instance", map("type", "string", "description", "the path of the request"));
    return map(
        "type",
        "object",
        "description",
        "RFC 9457 problem details; some codes add members (see the code's schema)",
        "properties",
        properties,
        "required",
        List.of("type", "title", "status", "detail", "code"),
        "additionalProperties",
        true);
  }

  /** The extra members of the codes that carry some, by code: {@code properties, required}. */
  static Map<String, Map<String, Object>> extras() {
    Map<String, Map<String, Object>> extras = new LinkedHashMap<>();
    extras.put("invalid_input", members(Map.of("field", string("the field refused"))));
    extras.put("interval_not_sold", members(Map.of("field", string("interval"))));
    extras.put("invalid_promotion_code", members(Map.of("field", string("promotionCode"))));
    Map<String, Object> limit = new LinkedHashMap<>();
    limit.put("metric", string("the metric refused: testRuns, users"));
    limit.put("used", int64());
    limit.put("limit", int64());
    limit.put("requested", int64());
    limit.put("plan", string("the organization's plan"));
    limit.put("upgradeTo", nullable(string("the next plan with more, null on the top plan")));
    limit.put("upgradeLimit", nullable(int64()));
    limit.put("resetsAt", nullable(map("type", "string", "format", "date-time")));
    extras.put("limit_exceeded", members(limit, Set.of("replayed")));
    Map<String, Object> retry = Map.of("retryAfterSeconds", int64());
    extras.put("too_many_login_attempts", members(retry));
    extras.put("too_many_signups", members(retry));
    extras.put("too_many_checkouts", members(retry));
    extras.put("body_too_large", members(Map.of("limitBytes", int64())));
    extras.put(
        "not_ready",
        members(
            Map.of(
                "checks",
                map(
                    "type",
                    "object",
                    "additionalProperties",
                    map("type", "string", "enum", List.of("up", "down"))))));
    return extras;
  }

  private static Map<String, Object> members(Map<String, Object> properties) {
    return members(properties, Set.of());
  }

  /**
   * @param optional members some answers of the code carry and others do not (a usage refusal says
   *     whether it was replayed; a seat refusal does not)
   */
  private static Map<String, Object> members(Map<String, Object> properties, Set<String> optional) {
    Map<String, Object> all = new LinkedHashMap<>(properties);
    if (optional.contains("replayed")) {
      all.put("replayed", map("type", "boolean"));
    }
    List<String> required = new ArrayList<>(properties.keySet());
    return map("properties", all, "required", required);
  }

  private static Map<String, Object> string(String text) {
    return map("type", "string", "description", text);
  }

  private static Map<String, Object> int64() {
    return map("type", "integer", "format", "int64");
  }
}

package io.agnosticbilling.adapter.http;

import static io.agnosticbilling.adapter.http.JsonSchemas.map;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.1 document served at {@code GET /openapi.json} from the routes served and
 * their {@link RouteDoc} in {@link ApiDescriptions}. Answer bodies are the answer records' own
 * schemas ({@link JsonSchemas}); problem answers list their codes per status, those the route's
 * kind always answers (token, role, body, malformed path, internal error) added here.
 */
final class OpenApiDocument {
  /** Marks an operation of a route that has no description yet (a test refuses it). */
  static final String UNDESCRIBED = "x-undescribed";

  static final String PROBLEM_MEDIA_TYPE = Problem.MEDIA_TYPE;
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^/}]+)}");

  private OpenApiDocument() {}

  /** The document of {@code routes}, described by {@code descriptions} ("METHOD path" keys). */
  static Map<String, Object> build(
      List<Route> routes, Map<String, RouteDoc> descriptions, String version) {
    JsonSchemas schemas = new JsonSchemas();
    schemas.define(ProblemDocs.PROBLEM, ProblemDocs.problemSchema());
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route route : routes) {
      RouteDoc doc = descriptions.get(key(route.method(), route.path()));
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
      item.put(route.method().toLowerCase(Locale.ROOT), operation(route, doc, schemas));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put(
        "info",
        map(
            "title",
            "Agnostic Billing API",
            "version",
            version,
            "description",
            "Subscription billing over Stripe: plans, usage limits, Checkout, the Customer"
                + " Portal, webhooks and operator tools. Every error is application/problem+json"
                + " with a stable `code` (docs/api.md). Answers made before routing (bad request"
                + " line 400 bad_request, 414 uri_too_long, 431 headers_too_large) and unknown"
                + " routes (404 route_not_found, 405 method_not_allowed) are problems too."));
    document.put("paths", paths);
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("schemas", schemas.components());
    components.put(
        "securitySchemes",
        map(
            "bearerAuth",
            map(
                "type",
                "http",
                "scheme",
                "bearer",
                "bearerFormat",
                "JWT",
                "description",
                "the token of sign-up or login (HS256)"),
            "metricsToken",
            map(
                "type",
                "http",
                "scheme",
                "bearer",
                "description",
                "METRICS_TOKEN, when the server sets one")));
    document.put("components", components);
    return document;
  }

  static String key(String method, String path) {
    return method + " " + path;
  }

  private static Map<String, Object> operation(
      Route route, RouteDoc described, JsonSchemas schemas) {
    RouteDoc doc = described == null ? new RouteDoc() : described;
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", operationId(route));
    op.put("summary", described == null ? "Not described yet" : doc.summary());
    if (!doc.description().isEmpty()) {
      op.put("description", doc.description());
    }
    if (described == null) {
      op.put(UNDESCRIBED, true);
    }
    op.put("x-access", route.access().name().toLowerCase(Locale.ROOT));
    switch (route.access()) {
      case ANYONE -> op.put("security", List.of());
      case METRICS -> op.put("security", List.of(Map.of(), Map.of("metricsToken", List.of())));
      default -> op.put("security", List.of(Map.of("bearerAuth", List.of())));
    }
    List<Map<String, Object>> parameters = new ArrayList<>();
    Matcher m = PATH_PARAMETER.matcher(route.path());
    while (m.find()) {
      parameters.add(
          map(
              "name",
              m.group(1),
              "in",
              "path",
              "required",
              true,
              "schema",
              map("type", "string", "pattern", "^[A-Za-z0-9_-]{1,255}$")));
    }
    parameters.addAll(doc.parameters());
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    doc.body()
        .ifPresent(
            schema ->
                op.put(
                    "requestBody",
                    map(
                        "required",
                        true,
                        "content",
                        map(doc.bodyMediaType(), map("schema", schema)))));
    Map<String, Object> responses = new TreeMap<>();
    for (RouteDoc.Answer answer : doc.answers()) {
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("description", answer.description());
      answer
          .body()
          .ifPresent(
              body ->
                  response.put(
                      "content", map(answer.mediaType(), map("schema", schemaOf(body, schemas)))));
      responses.put(Integer.toString(answer.status()), response);
    }
    problemsOf(route, doc)
        .forEach(
            (status, codes) ->
                responses.put(
                    Integer.toString(status),
                    map(
                        "description",
                        Problem.title(status) + ": " + String.join(", ", codes),
                        "content",
                        map(PROBLEM_MEDIA_TYPE, map("schema", problemSchema(status, codes))))));
    op.put("responses", responses);
    return op;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schemaOf(Object body, JsonSchemas schemas) {
    if (body instanceof RouteDoc.ListOf list) {
      return schemas.listOf(list.element());
    }
    if (body instanceof Type type) {
      return schemas.of(type);
    }
    return (Map<String, Object>) body;
  }

  /** The route's own problem codes plus those its access, body and path always bring. */
  static Map<Integer, Set<String>> problemsOf(Route route, RouteDoc doc) {
    Map<Integer, Set<String>> problems = doc.problems();
    add(problems, 400, "malformed_path");
    if (doc.body().isPresent()) {
      add(problems, 400, "unreadable_body");
      add(problems, 408, "request_timeout");
      add(problems, 413, "body_too_large");
      if (doc.bodyMediaType().equals("application/json")) {
        add(problems, 400, "malformed_json");
      }
    }
    if (route.path().contains("{")) {
      add(problems, 400, "invalid_input");
    }
    switch (route.access()) {
      case ANYONE -> {}
      case MEMBER -> add(problems, 401, "authentication_required", "invalid_token");
      case METRICS -> add(problems, 401, "authentication_required", "invalid_token");
      default -> {
        add(problems, 401, "authentication_required", "invalid_token");
        add(problems, 403, "forbidden");
      }
    }
    add(problems, 500, "internal_error");
    return problems;
  }

  private static void add(Map<Integer, Set<String>> problems, int status, String... codes) {
    problems.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(codes));
  }

  /** The problem schema of one status: the common members, its codes, and their extras. */
  private static Map<String, Object> problemSchema(int status, Set<String> codes) {
    List<Object> all = new ArrayList<>();
    all.add(map("$ref", JsonSchemas.REF_PREFIX + ProblemDocs.PROBLEM));
    all.add(
        map(
            "properties",
            map(
                "status",
                map("const", status),
                "code",
                map("type", "string", "enum", List.copyOf(codes)))));
    Map<String, Map<String, Object>> extras = ProblemDocs.extras();
    for (String code : codes) {
      Optional.ofNullable(extras.get(code))
          .ifPresent(
              members ->
                  all.add(
                      map(
                          "if",
                          map(
                              "properties",
                              map("code", map("const", code)),
                              "required",
                              List.of("code")),
                          "then",
                          members)));
    }
    return map("allOf", all);
  }

  private static String operationId(Route route) {
    StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
    for (String part : route.path().split("[/{}._-]+")) {
      if (!part.isEmpty()) {
        id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return id.toString();
  }
}

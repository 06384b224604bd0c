package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.javalin.Javalin;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /openapi.json: every route, valid OpenAPI 3.1, and real answers fit its schemas")
class OpenApiDocumentTest {
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  private ApiHarness api;
  private JavalinBillingRoutes routes;
  private JsonNode document;

  @BeforeEach
  void start() {
    api =
        ApiHarness.start(
            o ->
                o.metrics =
                    new MetricsEndpoint(() -> "up 1\n", "text/plain", Optional.of("t".repeat(32))));
    routes =
        JavalinBillingRoutes.builder(api.billing, api.settings)
            .metrics(new MetricsEndpoint(() -> "", "text/plain", Optional.empty()))
            .build();
    Answer answer = api.get("/openapi.json", null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    document = answer.json();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("the document names exactly the routes of the route table, each described")
  void documentIsTheRouteTable() {
    assertThat(operations(document)).containsExactlyInAnyOrderElementsOf(routes.routeTable());
    List<String> undescribed = new ArrayList<>();
    forEachOperation(
        document,
        (route, op) -> {
          if (op.has(OpenApiDocument.UNDESCRIBED) || op.path("summary").asText().isBlank()) {
            undescribed.add(route);
          }
        });
    assertThat(undescribed).as("routes without an entry in ApiDescriptions").isEmpty();
    // An entry for a route that is not served would be silently left out: refuse it here.
    assertThat(routes.routeTable()).containsAll(ApiDescriptions.all().keySet());
  }

  @Test
  @DisplayName("a route without a description, or a description without a route, is told apart")
  void driftIsDetected() {
    Route served = new Route("GET", "/api/new-thing", Access.MEMBER, 1024, call -> null);
    Map<String, Object> built =
        OpenApiDocument.build(List.of(served), ApiDescriptions.all(), "test");
    JsonNode drifted = ApiHarness.JSON.valueToTree(built);

    assertThat(drifted.at("/paths/~1api~1new-thing/get/" + OpenApiDocument.UNDESCRIBED).asBoolean())
        .isTrue();
    assertThat(operations(drifted)).containsExactly("GET /api/new-thing");
  }

  @Test
  @DisplayName("a host with its own /openapi.json turns the route off and keeps its document")
  void hostKeepsItsOwnDocument() throws Exception {
    JavalinBillingRoutes quiet =
        JavalinBillingRoutes.builder(api.billing, api.settings).openApi(false).build();
    Javalin host = Javalin.create(c -> c.showJavalinBanner = false);
    host.get("/openapi.json", ctx -> ctx.result("{\"openapi\":\"the host's\"}"));
    quiet.mount(host).start(0);
    try {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + host.port() + "/openapi.json"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(answer.body()).isEqualTo("{\"openapi\":\"the host's\"}");
      assertThat(quiet.routeTable()).doesNotContain("GET /openapi.json");
      JsonNode merged = ApiHarness.JSON.readTree(quiet.openApiDocument());
      assertThat(operations(merged)).containsExactlyInAnyOrderElementsOf(quiet.routeTable());
    } finally {
      host.stop();
    }
  }

  @Test
  @DisplayName("every operation of the document is answered by the server (not 404 or 405)")
  void everyDocumentedRouteIsServed() {
    forEachOperation(
        document,
        (route, op) ->
            assertThat(RouteTableTest.call(api, route).status()).as(route).isNotIn(404, 405));
  }

  @Test
  @DisplayName("the document parses as OpenAPI 3.1 without messages, and its schemas are 2020-12")
  void documentIsValidOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    SwaggerParseResult parsed =
        new OpenAPIV3Parser().readContents(document.toString(), null, options);

    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(parsed.getOpenAPI().getPaths()).hasSize(pathCount());

    Schema metaSchema =
        SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertThat(metaSchema.validate(ApiHarness.JSON.createObjectNode().put("type", 5)))
        .as("the meta-schema refuses a schema whose type is a number")
        .isNotEmpty();
    List<String> invalid = new ArrayList<>();
    document
        .path("components")
        .path("schemas")
        .properties()
        .forEach(
            e -> metaSchema.validate(e.getValue()).forEach(err -> invalid.add(e.getKey() + err)));
    forEachOperation(
        document,
        (route, op) ->
            op.findValues("schema")
                .forEach(s -> metaSchema.validate(s).forEach(err -> invalid.add(route + err))));
    assertThat(invalid).isEmpty();
    // Every $ref points at a schema the document defines.
    for (JsonNode ref : document.findValues("$ref")) {
      assertThat(document.at(ref.asText().substring(1)).isObject()).as(ref.asText()).isTrue();
    }
  }

  @Test
  @DisplayName("real answers of the server validate against the document's schemas")
  void answersFitTheirSchemas() {
    Session ada = api.signUp("ada@example.com", "Engines");
    assertFits("POST", "/api/auth/signup", signUpAnswer());
    assertFits("POST", "/api/auth/login", api.logIn("ada@example.com", "correct horse battery"));
    assertFits("POST", "/api/auth/login", api.logIn("ada@example.com", "wrong password"));
    assertFits("GET", "/api/billing/plans", api.get("/api/billing/plans", null));
    assertFits("GET", "/api/billing", api.get("/api/billing", ada.token()));
    assertFits("GET", "/api/billing", api.get("/api/billing", null));
    assertFits(
        "POST",
        "/api/usage/test-runs",
        api.post("/api/usage/test-runs", "{\"runId\":\"r1\",\"quantity\":100}", ada.token()));
    Answer refused = api.post("/api/usage/test-runs", "{\"runId\":\"r2\"}", ada.token());
    refused.problem(402, "limit_exceeded");
    assertFits("POST", "/api/usage/test-runs", refused);
    Answer invalid = api.post("/api/usage/test-runs", "{\"runId\":7}", ada.token());
    invalid.problem(400, "invalid_input");
    assertFits("POST", "/api/usage/test-runs", invalid);
    assertFits(
        "POST",
        "/api/organization/members",
        api.post(
            "/api/organization/members",
            "{\"email\":\"bo@example.com\",\"password\":\"member password\"}",
            ada.token()));
    assertFits(
        "GET", "/api/organization/members", api.get("/api/organization/members", ada.token()));
    assertFits(
        "POST",
        "/api/billing/checkout",
        api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token()));
    Session ops = api.signUpOperator("ops@example.com", "Ops");
    assertFits("GET", "/api/admin/metrics", api.get("/api/admin/metrics", ops.token()));
    assertFits("GET", "/api/admin/webhooks", api.get("/api/admin/webhooks", ops.token()));
    assertFits("GET", "/api/admin/metrics", api.get("/api/admin/metrics", ada.token()));
    assertFits("GET", "/health", api.get("/health", null));
    assertFits("GET", "/health/ready", api.get("/health/ready", null));
    assertFits("GET", "/api/webhooks/test", api.get("/api/webhooks/test", null));
    assertFits("GET", "/openapi.json", api.get("/openapi.json", null));
    assertFits("GET", "/metrics", api.get("/metrics", null));
  }

  @Test
  @DisplayName("an answer that is not what the document says fails the validation")
  void validationHasTeeth() {
    JsonNode plans = api.get("/api/billing/plans", null).json();
    assertThat(errors("GET", "/api/billing/plans", 200, "application/json", plans)).isEmpty();
    ((ObjectNode) plans.get(0)).put("providerPriceId", "price_team");
    assertThat(errors("GET", "/api/billing/plans", 200, "application/json", plans))
        .as("a member the schema does not name")
        .isNotEmpty();

    Session ada = api.signUp("ada@example.com", "Engines");
    api.post("/api/usage/test-runs", "{\"runId\":\"r1\",\"quantity\":100}", ada.token());
    JsonNode refusal =
        api.post("/api/usage/test-runs", "{\"runId\":\"r2\"}", ada.token())
            .problem(402, "limit_exceeded");
    ((ObjectNode) refusal).remove("upgradeTo");
    assertThat(errors("POST", "/api/usage/test-runs", 402, "application/problem+json", refusal))
        .as("a limit refusal without its figures")
        .isNotEmpty();
    ((ObjectNode) refusal).put("upgradeTo", "team").put("code", "some_other_code");
    assertThat(errors("POST", "/api/usage/test-runs", 402, "application/problem+json", refusal))
        .as("a code the route does not answer")
        .isNotEmpty();
  }

  @Test
  @DisplayName("every problem code of the document is listed in docs/api.md")
  void problemCodesAreDocumented() throws IOException {
    String apiDoc = Files.readString(docs().resolve("api.md"));
    Set<String> codes = new TreeSet<>();
    for (JsonNode codeEnum : document.findValues("code")) {
      codeEnum.path("enum").forEach(c -> codes.add(c.asText()));
    }
    assertThat(codes).contains("limit_exceeded", "invalid_token", "internal_error");
    List<String> missing = new ArrayList<>();
    for (String code : codes) {
      if (!apiDoc.contains("`" + code + "`")) {
        missing.add(code);
      }
    }
    assertThat(missing).as("problem codes missing from docs/api.md").isEmpty();
  }

  private Answer signUpAnswer() {
    return api.post(
        "/api/auth/signup",
        "{\"email\":\"cy@example.com\",\"password\":\"correct horse battery\","
            + "\"organizationName\":\"Cy\"}",
        null);
  }

  private void assertFits(String method, String path, Answer answer) {
    String media =
        answer.contentType().startsWith("application/problem+json")
            ? "application/problem+json"
            : answer.contentType().startsWith("text/plain") ? "text/plain" : "application/json";
    JsonNode body =
        media.equals("text/plain") ? ApiHarness.JSON.valueToTree(answer.body()) : answer.json();
    assertThat(errors(method, path, answer.status(), media, body))
        .as("%s %s answered %s %s", method, path, answer.status(), answer.body())
        .isEmpty();
  }

  private List<String> errors(String method, String path, int status, String media, JsonNode body) {
    JsonNode schema =
        document.at(
            "/paths/"
                + pointer(path)
                + "/"
                + method.toLowerCase(Locale.ROOT)
                + "/responses/"
                + status
                + "/content/"
                + pointer(media)
                + "/schema");
    if (schema.isMissingNode()) {
      return List.of("the document has no " + media + " answer " + status);
    }
    ObjectNode root = schema.deepCopy();
    root.set("components", document.get("components"));
    return SCHEMAS.getSchema(root).validate(body).stream().map(Error::toString).toList();
  }

  private static String pointer(String text) {
    return text.replace("~", "~0").replace("/", "~1");
  }

  private int pathCount() {
    return document.path("paths").size();
  }

  private static Set<String> operations(JsonNode doc) {
    Set<String> found = new LinkedHashSet<>();
    forEachOperation(doc, (route, op) -> found.add(route));
    return found;
  }

  private static void forEachOperation(JsonNode doc, BiConsumer<String, JsonNode> action) {
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      path.getValue()
          .fields()
          .forEachRemaining(
              op -> {
                if (METHODS.contains(op.getKey())) {
                  action.accept(
                      op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
              });
    }
  }

  /** The repository's docs/, found from the module's directory. */
  private static Path docs() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("docs/ above the module").isNotNull();
    return dir.resolve("docs");
  }
}

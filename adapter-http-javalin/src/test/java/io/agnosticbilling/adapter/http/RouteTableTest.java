package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Every route of the HTTP contract is registered and answered by the adapter")
class RouteTableTest {
  /** The contract's table (docs/api.md); /metrics is served when the host gives the scrape. */
  static final List<String> CONTRACT =
      List.of(
          "POST /api/auth/signup",
          "POST /api/auth/login",
          "GET /api/billing/plans",
          "GET /api/billing",
          "POST /api/billing/checkout",
          "POST /api/billing/checkout/{sessionId}/confirm",
          "POST /api/billing/change-plan",
          "POST /api/billing/cancel",
          "POST /api/billing/resume",
          "POST /api/billing/portal",
          "GET /api/billing/invoices",
          "POST /api/usage/test-runs",
          "GET /api/entitlements",
          "GET /api/organization/members",
          "POST /api/organization/members",
          "PATCH /api/organization/members/{userId}",
          "DELETE /api/organization/members/{userId}",
          "POST /api/webhooks/stripe",
          "GET /api/webhooks/test",
          "GET /api/admin/metrics",
          "GET /api/admin/webhooks",
          "POST /api/admin/webhooks/{eventId}/replay",
          "POST /api/admin/reconcile",
          "GET /api/admin/notifications",
          "POST /api/admin/notifications/{id}/retry",
          "GET /health",
          "GET /health/ready",
          "GET /openapi.json");

  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void routeTableIsTheContract() {
    JavalinBillingRoutes routes = JavalinBillingRoutes.builder(api.billing, api.settings).build();

    assertThat(routes.routeTable()).containsExactlyElementsOf(CONTRACT);
  }

  @Test
  @DisplayName("each route answers with something other than 'no such route' or 'wrong method'")
  void everyRouteIsServed() {
    for (String row : CONTRACT) {
      Answer answer = call(api, row);

      assertThat(answer.status()).as(row).isNotIn(404, 405);
      assertThat(answer.contentType()).as(row).contains("json");
    }
  }

  /**
   * Calls the route of {@code row} ({@code METHOD path}) with well-formed path values and an empty
   * JSON object as the body of a POST.
   */
  static Answer call(ApiHarness api, String row) {
    String[] parts = row.split(" ");
    String path = parts[1].replaceAll("\\{[^}]+}", "x_1");
    return api.send(
        parts[0],
        path,
        parts[0].equals("POST") || parts[0].equals("PATCH")
            ? HttpRequest.BodyPublishers.ofString("{}")
            : HttpRequest.BodyPublishers.noBody());
  }
}

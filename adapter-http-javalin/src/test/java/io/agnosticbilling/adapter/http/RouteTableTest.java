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
  /** The contract's table (docs/api.md), except /metrics which bootstrap serves. */
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
          "POST /api/usage/test-runs",
          "GET /api/organization/members",
          "POST /api/organization/members",
          "POST /api/webhooks/stripe",
          "GET /api/webhooks/test",
          "GET /api/admin/metrics",
          "GET /api/admin/webhooks",
          "POST /api/admin/webhooks/{eventId}/replay",
          "POST /api/admin/reconcile",
          "GET /api/admin/notifications",
          "POST /api/admin/notifications/{id}/retry",
          "GET /health",
          "GET /health/ready");

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
      String[] parts = row.split(" ");
      String path =
          parts[1]
              .replace("{sessionId}", "cs_test_1")
              .replace("{eventId}", "evt_1")
              .replace("{id}", "n_1");
      Answer answer =
          api.send(
              parts[0],
              path,
              parts[0].equals("POST")
                  ? HttpRequest.BodyPublishers.ofString("{}")
                  : HttpRequest.BodyPublishers.noBody());

      assertThat(answer.status()).as(row).isNotIn(404, 405);
      assertThat(answer.contentType()).as(row).contains("json");
    }
  }
}

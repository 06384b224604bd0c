package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Mounted on a host's Javalin app, the API serves its routes and leaves the host's alone")
class EmbeddedMountTest {
  private final ApiHarness api = ApiHarness.start(o -> o.embedded = true);

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void billingRoutesWorkOnTheHostApp() {
    ApiHarness.Session ada = api.signUp("ada@example.com", "Engines");

    Answer overview = api.get("/api/billing", ada.token());

    assertThat(overview.status()).isEqualTo(200);
    assertThat(overview.header("X-Content-Type-Options")).hasValue("nosniff");
    api.get("/api/billing/unknown", null).problem(404, "route_not_found");
  }

  @Test
  void hostRoutesKeepTheirOwnAnswers() {
    Answer hello = api.get("/host/hello", null);
    Answer hostMissing = api.get("/host/missing", null);

    assertThat(hello.status()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello from the host");
    assertThat(hello.header("X-Content-Type-Options")).isEmpty();
    assertThat(hostMissing.status()).isEqualTo(404);
    assertThat(hostMissing.contentType()).doesNotStartWith("application/problem+json");
  }
}

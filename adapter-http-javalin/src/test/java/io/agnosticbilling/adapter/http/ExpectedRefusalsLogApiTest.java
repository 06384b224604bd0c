package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Expected refusals are answered, not logged: the log holds what an operator must act on")
class ExpectedRefusalsLogApiTest {
  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("limit refusals, conflicts, bad input, a declined card and throttling log nothing")
  void expectedRefusalsAreQuiet() {
    Session ada = api.signUp("ada@example.com", "Engines");

    try (LogCapture log = LogCapture.start()) {
      List<Answer> answers =
          List.of(
              api.post("/api/usage/test-runs", "{\"runId\":\"r1\",\"quantity\":100}", ada.token()),
              api.post("/api/usage/test-runs", "{\"runId\":\"r2\",\"quantity\":1}", ada.token()),
              api.post(
                  "/api/auth/signup",
                  "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\","
                      + "\"organizationName\":\"Again\"}",
                  null),
              api.post("/api/billing/cancel", "{}", ada.token()),
              api.post("/api/billing/checkout", "{\"plan\":\"gold\"}", ada.token()),
              api.post("/api/billing/portal", "{}", ada.token()),
              api.post("/api/billing/checkout/cs_nope/confirm", "{}", ada.token()),
              api.logIn("ada@example.com", "wrong password"));
      api.payments.failNext(new PaymentProviderException(Kind.CARD_DECLINED, "Declined."));
      Answer declined = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

      assertThat(answers)
          .extracting(Answer::status)
          .containsExactly(201, 402, 409, 409, 400, 409, 404, 401);
      assertThat(declined.status()).isEqualTo(402);
      assertThat(log.lines()).as("log lines written for expected refusals").isEmpty();
    }
  }

  @Test
  @DisplayName("a provider outage is logged once at WARN, never at ERROR")
  void providerOutageIsAWarning() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.payments.failNext(new PaymentProviderException(Kind.UNREACHABLE, "connect timed out"));

    try (LogCapture log = LogCapture.start()) {
      Answer answer = api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token());

      assertThat(answer.status()).isEqualTo(502);
      assertThat(log.events())
          .singleElement()
          .satisfies(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"));
    }
  }
}

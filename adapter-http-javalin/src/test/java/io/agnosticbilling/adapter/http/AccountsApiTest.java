package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sign-up, login, throttling and members over HTTP")
class AccountsApiTest {
  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("sign-up answers 201 with a token, the admin and a Free organization")
  void signUpAnswersTokenUserAndFreeOrganization() {
    Answer answer =
        api.post(
            "/api/auth/signup",
            "{\"email\":\"Ada@Example.com\",\"password\":\"correct horse battery\","
                + "\"organizationName\":\"Analytical Engines\"}",
            null);

    assertThat(answer.status()).isEqualTo(201);
    JsonNode json = answer.json();
    assertThat(json.path("token").asText()).contains(".");
    assertThat(Instant.parse(json.path("expiresAt").asText()))
        .isEqualTo(ApiHarness.START.plus(Duration.ofHours(24)));
    assertThat(json.path("user").path("email").asText()).isEqualTo("ada@example.com");
    assertThat(json.path("user").path("role").asText()).isEqualTo("admin");
    assertThat(json.path("user").path("id").asText()).isNotBlank();
    assertThat(json.path("organization").path("name").asText()).isEqualTo("Analytical Engines");
    assertThat(json.path("organization").path("plan").asText()).isEqualTo("free");
    assertThat(answer.body()).doesNotContain("passwordHash").doesNotContain("fake:");
  }

  @Test
  @DisplayName("the new admin's token opens a Free overview of their own organization")
  void signUpThenOverviewIsFree() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer overview = api.get("/api/billing", ada.token());

    assertThat(overview.status()).isEqualTo(200);
    JsonNode json = overview.json();
    assertThat(json.path("organizationId").asText()).isEqualTo(ada.organizationId().value());
    assertThat(json.path("plan").asText()).isEqualTo("free");
    assertThat(json.path("status").isNull()).isTrue();
    assertThat(json.path("cancelAtPeriodEnd").asBoolean()).isFalse();
    assertThat(json.path("limits").path("testRuns").asLong()).isEqualTo(100);
    assertThat(json.path("limits").path("users").asLong()).isEqualTo(3);
    assertThat(json.path("usage").path("testRuns").path("used").asLong()).isZero();
    assertThat(json.path("usage").path("users").path("used").asLong()).isEqualTo(1);
    assertThat(json.path("currentPeriod").path("start").asText()).isEqualTo("2025-03-01T00:00:00Z");
    assertThat(json.path("currentPeriod").path("end").asText()).isEqualTo("2025-04-01T00:00:00Z");
    assertThat(json.path("upgradeOptions"))
        .extracting(JsonNode::asText)
        .containsExactly("team", "enterprise");
    assertThat(json.path("alerts")).isEmpty();
    assertThat(json.path("overLimit").asBoolean()).isFalse();
  }

  @Test
  void givenInvalidEmail_whenSigningUp_thenBadRequestNamesTheField() {
    Answer answer =
        api.post(
            "/api/auth/signup",
            "{\"email\":\"not-an-email\",\"password\":\"correct horse battery\","
                + "\"organizationName\":\"X\"}",
            null);

    assertThat(answer.problem(400, "invalid_input").path("field").asText()).isEqualTo("email");
  }

  @Test
  void givenPasswordShorterThan8OrLongerThan72Bytes_whenSigningUp_thenBadRequest() {
    Answer tooShort =
        api.post(
            "/api/auth/signup",
            "{\"email\":\"a@example.com\",\"password\":\"1234567\",\"organizationName\":\"X\"}",
            null);
    Answer tooLong =
        api.post(
            "/api/auth/signup",
            "{\"email\":\"a@example.com\",\"password\":\""
                + "é".repeat(37)
                + "\",\"organizationName\":\"X\"}",
            null);

    assertThat(tooShort.problem(400, "invalid_input").path("field").asText()).isEqualTo("password");
    assertThat(tooLong.problem(400, "invalid_input").path("field").asText()).isEqualTo("password");
    assertThat(api.logIn("a@example.com", "1234567").status())
        .as("nothing was created")
        .isEqualTo(401);
  }

  @Test
  void givenMissingField_whenSigningUp_thenBadRequestNamesIt() {
    Answer answer =
        api.post(
            "/api/auth/signup", "{\"email\":\"a@example.com\",\"password\":\"12345678\"}", null);

    assertThat(answer.problem(400, "invalid_input").path("field").asText())
        .isEqualTo("organizationName");
  }

  @Test
  void givenTakenEmail_whenSigningUpAgain_thenConflict() {
    api.signUp("ada@example.com", "Engines");

    Answer again =
        api.post(
            "/api/auth/signup",
            "{\"email\":\"ADA@example.com\",\"password\":\"another password\","
                + "\"organizationName\":\"Copy\"}",
            null);

    again.problem(409, "email_taken");
  }

  @Test
  @DisplayName("login answers the sign-up shape with the organization's name and plan")
  void loginAnswersSameShapeAsSignUp() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer login = api.logIn("ada@example.com", "correct horse battery");

    assertThat(login.status()).isEqualTo(200);
    JsonNode json = login.json();
    assertThat(json.path("user").path("role").asText()).isEqualTo("admin");
    assertThat(json.path("organization").path("id").asText())
        .isEqualTo(ada.organizationId().value());
    assertThat(json.path("organization").path("name").asText()).isEqualTo("Engines");
    assertThat(json.path("organization").path("plan").asText()).isEqualTo("free");
    assertThat(api.get("/api/billing", json.path("token").asText()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("wrong password and unknown email get the same 401 answer")
  void loginRefusalsLookTheSame() {
    api.signUp("ada@example.com", "Engines");

    Answer wrongPassword = api.logIn("ada@example.com", "nope nope");
    Answer unknownEmail = api.logIn("bob@example.com", "nope nope");

    JsonNode first = wrongPassword.problem(401, "invalid_credentials");
    JsonNode second = unknownEmail.problem(401, "invalid_credentials");
    assertThat(first.path("detail")).isEqualTo(second.path("detail"));
  }

  @Test
  @DisplayName(
      "after 5 failed logins the email is refused with 429 and Retry-After, even with the right password")
  void repeatedFailuresThrottleTheEmail() {
    api.signUp("ada@example.com", "Engines");
    for (int i = 0; i < 5; i++) {
      assertThat(api.logIn("ada@example.com", "wrong password").status()).isEqualTo(401);
    }

    Answer throttled = api.logIn("ada@example.com", "correct horse battery");

    throttled.problem(429, "too_many_login_attempts");
    assertThat(throttled.header("Retry-After")).hasValue(Long.toString(15 * 60));
    assertThat(api.heard).contains("loginThrottled");
  }

  @Test
  void givenThrottledEmail_whenTheWindowHasPassed_thenLoginWorksAgain() {
    api.signUp("ada@example.com", "Engines");
    for (int i = 0; i < 5; i++) {
      api.logIn("ada@example.com", "wrong password");
    }

    api.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
    Answer login = api.logIn("ada@example.com", "correct horse battery");

    assertThat(login.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an admin adds members up to the Free seat limit; the next one is refused with 402")
  void membersUpToTheSeatLimit() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.memberToken(ada, "bob@example.com", "member");
    api.memberToken(ada, "cy@example.com", "admin");

    Answer fourth =
        api.post(
            "/api/organization/members",
            "{\"email\":\"dee@example.com\",\"password\":\"member password\",\"role\":\"member\"}",
            ada.token());

    JsonNode problem = fourth.problem(402, "limit_exceeded");
    assertThat(problem.path("metric").asText()).isEqualTo("users");
    assertThat(problem.path("used").asLong()).isEqualTo(3);
    assertThat(problem.path("limit").asLong()).isEqualTo(3);
    assertThat(problem.path("plan").asText()).isEqualTo("free");
    assertThat(problem.path("upgradeTo").asText()).isEqualTo("team");
    assertThat(api.heard).contains("limitRefused:users");
    Answer list = api.get("/api/organization/members", ada.token());
    assertThat(list.json())
        .extracting(m -> m.path("email").asText())
        .containsExactly("ada@example.com", "bob@example.com", "cy@example.com");
    assertThat(list.json().get(1).path("role").asText()).isEqualTo("member");
  }

  @Test
  void givenEmailOfAnotherOrganization_whenAddingMember_thenConflict() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.signUp("bob@example.com", "Other");

    Answer answer =
        api.post(
            "/api/organization/members",
            "{\"email\":\"bob@example.com\",\"password\":\"member password\",\"role\":\"member\"}",
            ada.token());

    answer.problem(409, "email_taken");
  }

  @Test
  void givenUnknownRole_whenAddingMember_thenBadRequestNamesRole() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer answer =
        api.post(
            "/api/organization/members",
            "{\"email\":\"bob@example.com\",\"password\":\"member password\",\"role\":\"owner\"}",
            ada.token());

    assertThat(answer.problem(400, "invalid_input").path("field").asText()).isEqualTo("role");
    assertThat(api.get("/api/organization/members", ada.token()).json()).hasSize(1);
  }

  @Test
  @DisplayName("a member reads billing and members but gets 403 on every admin route")
  void memberIsForbiddenOnAdminRoutes() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = api.memberToken(ada, "bob@example.com", "member");

    assertThat(api.get("/api/billing", bob).status()).isEqualTo(200);
    assertThat(api.get("/api/organization/members", bob).status()).isEqualTo(200);
    for (String path :
        new String[] {
          "/api/billing/checkout",
          "/api/billing/checkout/cs_test_1/confirm",
          "/api/billing/change-plan",
          "/api/billing/cancel",
          "/api/billing/resume",
          "/api/billing/portal",
          "/api/organization/members"
        }) {
      api.post(path, "{\"plan\":\"team\"}", bob).problem(403, "forbidden");
    }
    assertThat(api.payments.calls()).as("no admin action reached the provider").isEmpty();
  }

  @Test
  @DisplayName("each organization sees only its own members and overview: the token decides")
  void organizationComesFromTheTokenOnly() {
    Session ada = api.signUp("ada@example.com", "Engines");
    Session bob = api.signUp("bob@example.com", "Looms");

    Answer bobsMembers = api.get("/api/organization/members", bob.token());
    Answer bobsOverview =
        api.get("/api/billing?organizationId=" + ada.organizationId().value(), bob.token());

    assertThat(bobsMembers.json())
        .extracting(m -> m.path("email").asText())
        .containsExactly("bob@example.com");
    assertThat(bobsOverview.json().path("organizationId").asText())
        .isEqualTo(bob.organizationId().value());
  }

  @Test
  @DisplayName("one address failing on many emails is throttled by the per-address count")
  void repeatedFailuresThrottleTheAddress() {
    try (ApiHarness strict =
        ApiHarness.start(
            o ->
                o.settings =
                    s ->
                        s.withLoginThrottle(
                            new HttpSettings.LoginThrottle(100, 3, Duration.ofMinutes(5))))) {
      for (String email : new String[] {"a@example.com", "b@example.com", "c@example.com"}) {
        assertThat(strict.logIn(email, "guess guess").status()).isEqualTo(401);
      }

      Answer fourth = strict.logIn("d@example.com", "guess guess");

      fourth.problem(429, "too_many_login_attempts");
      assertThat(fourth.header("Retry-After")).hasValue("300");
    }
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.testkit.concurrent.Race;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The login and sign-up limits under attempts fired at the same moment over HTTP: no burst gets
 * more than the limit through, and the client address is the forwarded one only behind a trusted
 * proxy.
 */
@DisplayName("Rate limits over HTTP, attempts fired at once")
class RateLimitsApiTest {
  /** About what bcrypt at cost 10 takes: the window in which unguarded attempts slip through. */
  private static final Duration BCRYPT = Duration.ofMillis(60);

  private ApiHarness api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  @DisplayName("100 concurrent wrong passwords for one email: exactly 5 get 401, 95 get 429")
  void concurrentWrongPasswordsForOneEmail() {
    api = ApiHarness.start(o -> o.passwordCheck = BCRYPT);
    api.signUp("ada@example.com", "Engines");

    Map<Integer, Long> statuses =
        count(Race.all(100, i -> api.logIn("ada@example.com", "wrong password " + i)));

    assertThat(statuses).containsOnly(Map.entry(401, 5L), Map.entry(429, 95L));
  }

  @Test
  @DisplayName(
      "100 concurrent wrong logins for 100 emails from one address: exactly 20 get 401, 80 get 429")
  void concurrentWrongLoginsFromOneAddress() {
    api = ApiHarness.start(o -> o.passwordCheck = BCRYPT);

    Map<Integer, Long> statuses =
        count(Race.all(100, i -> api.logIn("guess" + i + "@example.com", "wrong password")));

    assertThat(statuses).containsOnly(Map.entry(401, 20L), Map.entry(429, 80L));
  }

  @Test
  @DisplayName(
      "30 concurrent sign-ups from one address with the default limit: exactly 20 are created,"
          + " 10 get 429 too_many_signups with Retry-After")
  void concurrentSignUpsFromOneAddress() {
    api = ApiHarness.start();

    List<Answer> answers = Race.all(30, i -> signUp("new" + i + "@example.com"));

    assertThat(count(answers)).containsOnly(Map.entry(201, 20L), Map.entry(429, 10L));
    Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
    refused.problem(429, "too_many_signups");
    assertThat(refused.header("Retry-After")).hasValue(Long.toString(60 * 60));
  }

  @Test
  @DisplayName("a sign-up limit of 0 turns the limit off")
  void signUpLimitOff() {
    api =
        ApiHarness.start(
            o ->
                o.settings =
                    s -> s.toBuilder().signupThrottle(HttpSettings.SignupThrottle.OFF).build());

    assertThat(count(Race.all(30, i -> signUp("new" + i + "@example.com"))))
        .containsOnly(Map.entry(201, 30L));
  }

  @Test
  @DisplayName(
      "30 concurrent Checkout starts from one organization with the default limit: exactly 10"
          + " sessions are created, 20 get 429 too_many_checkouts")
  void concurrentCheckoutsFromOneOrganization() {
    api = ApiHarness.start();
    ApiHarness.Session ada = api.signUp("ada@example.com", "Engines");

    List<Answer> answers =
        Race.all(30, i -> api.post("/api/billing/checkout", "{\"plan\":\"team\"}", ada.token()));

    assertThat(count(answers)).containsOnly(Map.entry(201, 10L), Map.entry(429, 20L));
    assertThat(api.payments.calls("createCheckoutSession")).hasSize(10);
  }

  @Test
  @DisplayName(
      "X-Forwarded-For from an untrusted peer is ignored: every client counts as the peer's address")
  void forwardedForIgnoredWithoutTrustedProxies() {
    api = ApiHarness.start(o -> o.settings = s -> s.withLoginThrottle(threePerAddress()));

    for (int i = 0; i < 3; i++) {
      assertThat(logInFrom("203.0.113." + i, "a" + i + "@example.com").status()).isEqualTo(401);
    }

    logInFrom("203.0.113.99", "z@example.com").problem(429, "too_many_login_attempts");
  }

  @Test
  @DisplayName(
      "behind a trusted proxy each forwarded client has its own count, so one client's failures"
          + " do not lock out the others")
  void forwardedForBelievedFromTrustedProxy() {
    api =
        ApiHarness.start(
            o ->
                o.settings =
                    s ->
                        s.toBuilder()
                            .loginThrottle(threePerAddress())
                            .trustedProxies(TrustedProxies.parse(List.of("127.0.0.0/8", "::1")))
                            .build());

    for (int i = 0; i < 3; i++) {
      // A client that forges its own X-Forwarded-For entry: the proxy appends the real address,
      // and the rightmost address that is not a trusted proxy is the client.
      assertThat(logInFrom("10.9.9.9, 198.51.100.7", "a" + i + "@example.com").status())
          .isEqualTo(401);
    }

    logInFrom("198.51.100.7", "z@example.com").problem(429, "too_many_login_attempts");
    assertThat(logInFrom("10.9.9.9, 198.51.100.8", "z@example.com").status()).isEqualTo(401);
  }

  private static HttpSettings.LoginThrottle threePerAddress() {
    return new HttpSettings.LoginThrottle(100, 3, Duration.ofMinutes(5));
  }

  private Answer logInFrom(String forwardedFor, String email) {
    return api.send(
        "POST",
        "/api/auth/login",
        HttpRequest.BodyPublishers.ofString(
            "{\"email\":\"" + email + "\",\"password\":\"wrong password\"}"),
        "Content-Type",
        "application/json",
        "X-Forwarded-For",
        forwardedFor);
  }

  private Answer signUp(String email) {
    return api.post(
        "/api/auth/signup",
        "{\"email\":\""
            + email
            + "\",\"password\":\"correct horse battery\",\"organizationName\":\"Org\"}",
        null);
  }

  private static Map<Integer, Long> count(List<Answer> answers) {
    return answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
  }
}

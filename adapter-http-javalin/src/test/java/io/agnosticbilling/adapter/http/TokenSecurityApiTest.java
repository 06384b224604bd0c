package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bearer tokens: only HS256 tokens we signed, unexpired, for our issuer and audience")
class TokenSecurityApiTest {
  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void givenNoAuthorizationHeader_whenCallingMemberRoute_then401WithBearerChallenge() {
    Answer answer = api.get("/api/billing", null);

    answer.problem(401, "authentication_required");
    assertThat(answer.header("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void givenNonBearerScheme_whenCallingMemberRoute_then401() {
    Session ada = api.signUp("ada@example.com", "Engines");

    Answer answer =
        api.send(
            "GET",
            "/api/billing",
            HttpRequest.BodyPublishers.noBody(),
            "Authorization",
            "Basic " + ada.token());

    answer.problem(401, "invalid_token");
  }

  @Test
  void givenTokenPastItsExpiry_whenCallingMemberRoute_then401() {
    Session ada = api.signUp("ada@example.com", "Engines");
    assertThat(api.get("/api/billing", ada.token()).status()).isEqualTo(200);

    api.clock.advance(Duration.ofHours(24).plusSeconds(1));

    api.get("/api/billing", ada.token()).problem(401, "invalid_token");
  }

  @Test
  @DisplayName("a token accepted moments before its expiry (and remembered) is refused just after")
  void rememberedTokenStillExpires() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.clock.advance(Duration.ofHours(24).minusSeconds(2));
    assertThat(api.get("/api/billing", ada.token()).status()).isEqualTo(200);
    assertThat(api.get("/api/billing", ada.token()).status()).isEqualTo(200);

    api.clock.advance(Duration.ofSeconds(3));

    api.get("/api/billing", ada.token()).problem(401, "invalid_token");
  }

  @Test
  @DisplayName(
      "a token whose payload was edited to claim admin is refused (signature no longer matches)")
  void tamperedTokenIsRefused() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = api.memberToken(ada, "bob@example.com", "member");
    String[] parts = bob.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged = payload.replace("\"role\":\"member\"", "\"role\":\"admin\"");
    assertThat(forged).isNotEqualTo(payload);
    String tampered = parts[0] + "." + base64(forged) + "." + parts[2];
    // The genuine token, verified and remembered first, lends nothing to the edited one.
    assertThat(api.get("/api/billing", bob).status()).isEqualTo(200);

    api.post("/api/billing/cancel", "{}", tampered).problem(401, "invalid_token");
  }

  @Test
  @DisplayName("an unsigned token (alg: none) with valid claims is refused")
  void algNoneIsRefused() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String payload = ada.token().split("\\.")[1];
    String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";

    api.get("/api/billing", unsigned).problem(401, "invalid_token");
  }

  @Test
  void givenTokenSignedWithHs384AndOurSecret_whenCalling_then401BecauseHs256IsPinned() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String token =
        claimsLike(ada).sign(Algorithm.HMAC384(ApiHarness.SECRET.getBytes(StandardCharsets.UTF_8)));

    api.get("/api/billing", token).problem(401, "invalid_token");
  }

  @Test
  void givenTokenSignedWithAnotherSecret_whenCalling_then401() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String token =
        claimsLike(ada).sign(Algorithm.HMAC256("another-secret-that-is-32-bytes-long!!"));

    api.get("/api/billing", token).problem(401, "invalid_token");
  }

  @Test
  void givenTokenForAnotherIssuerOrAudience_whenCalling_then401() {
    Session ada = api.signUp("ada@example.com", "Engines");
    Algorithm ours = Algorithm.HMAC256(ApiHarness.SECRET.getBytes(StandardCharsets.UTF_8));
    String wrongIssuer = claimsLike(ada).withIssuer("someone-else").sign(ours);
    String wrongAudience = claimsLike(ada).withAudience("another-api").sign(ours);
    String control = claimsLike(ada).sign(ours);

    assertThat(api.get("/api/billing", control).status()).isEqualTo(200);
    api.get("/api/billing", wrongIssuer).problem(401, "invalid_token");
    api.get("/api/billing", wrongAudience).problem(401, "invalid_token");
  }

  @Test
  @DisplayName("operators made in the store reach /api/admin; an organization admin gets 403")
  void operatorRoutesNeedTheOperatorClaim() {
    Session ops = api.signUpOperator(ApiHarness.OPERATOR_EMAIL, "Operators");
    Session ada = api.signUp("ada@example.com", "Engines");

    assertThat(payloadOf(ops.token())).contains("\"operator\":true");
    assertThat(api.get("/api/admin/metrics", ops.token()).status()).isEqualTo(200);
    api.get("/api/admin/metrics", ada.token()).problem(403, "forbidden");
    api.post("/api/admin/reconcile", "{}", ada.token()).problem(403, "forbidden");
  }

  @Test
  @DisplayName("signing up never makes an operator, whatever the email (OPERATOR_EMAILS is gone)")
  void signUpNeverGrantsOperatorRights() {
    Session ops = api.signUp(ApiHarness.OPERATOR_EMAIL, "Operators");

    assertThat(payloadOf(ops.token())).doesNotContain("operator");
    api.get("/api/admin/metrics", ops.token()).problem(403, "forbidden");
    api.get("/api/admin/webhooks", ops.token()).problem(403, "forbidden");
    assertThat(api.billing.operators()).isEmpty();
  }

  @Test
  @DisplayName("a withdrawn operator's token gets 403 at once; granting again restores it")
  void withdrawalTakesEffectForIssuedTokens() {
    Session ops = api.signUpOperator(ApiHarness.OPERATOR_EMAIL, "Operators");
    assertThat(api.get("/api/admin/metrics", ops.token()).status()).isEqualTo(200);

    api.billing.revokeOperator(ApiHarness.OPERATOR_EMAIL);

    api.get("/api/admin/metrics", ops.token()).problem(403, "forbidden");
    api.post("/api/admin/reconcile", "{}", ops.token()).problem(403, "forbidden");

    api.billing.grantOperator(ApiHarness.OPERATOR_EMAIL);

    assertThat(api.get("/api/admin/metrics", ops.token()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a signed operator claim alone is not enough: the store must say so too")
  void forgedClaimWithTheRightSecretIsNotEnough() {
    Session ada = api.signUp("ada@example.com", "Engines");
    Algorithm ours = Algorithm.HMAC256(ApiHarness.SECRET.getBytes(StandardCharsets.UTF_8));
    String claimed = claimsLike(ada).withClaim("operator", true).sign(ours);

    assertThat(api.get("/api/billing", claimed).status()).isEqualTo(200);
    api.get("/api/admin/metrics", claimed).problem(403, "forbidden");
  }

  private static String payloadOf(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  private static JWTCreator.Builder claimsLike(Session session) {
    Instant now = ApiHarness.START;
    return JWT.create()
        .withIssuer("agnostic-billing")
        .withAudience("agnostic-billing")
        .withSubject(ApiHarness.subjectOf(session.token()))
        .withIssuedAt(now)
        .withExpiresAt(now.plus(Duration.ofHours(1)))
        .withClaim("org", session.organizationId().value())
        .withClaim("role", "admin")
        .withClaim("email", session.email());
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}

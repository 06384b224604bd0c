package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Sign-up and login over HTTP for the scenario tests. */
final class Accounts {
  static final String PASSWORD = "correct horse battery";

  /** A signed-up admin: its token and organization. */
  record Account(String email, String token, String organizationId) {}

  private Accounts() {}

  static String uniqueEmail(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  static Account signUp(ApiClient api, String email) {
    ApiClient.Reply reply =
        api.post(
            "/api/auth/signup",
            ApiClient.json(
                Map.of("email", email, "password", PASSWORD, "organizationName", "Org " + email)),
            null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    JsonNode json = reply.json();
    return new Account(email, json.get("token").asText(), json.at("/organization/id").asText());
  }

  static Account signUp(ApiClient api) {
    return signUp(api, uniqueEmail("admin"));
  }

  /** Adds a member with the common password through the API, as {@code admin}; the raw answer. */
  static ApiClient.Reply addMember(ApiClient api, Account admin, String email, String role) {
    return api.post(
        "/api/organization/members",
        ApiClient.json(Map.of("email", email, "password", PASSWORD, "role", role)),
        admin.token());
  }

  static String logIn(ApiClient api, String email) {
    ApiClient.Reply reply =
        api.post(
            "/api/auth/login", ApiClient.json(Map.of("email", email, "password", PASSWORD)), null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("token").asText();
  }

  /** The member id a token speaks for (its {@code sub} claim). */
  static String memberIdOf(String token) {
    String payload =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    try {
      return ApiClient.JSON.readTree(payload).path("sub").asText();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JWT payload: " + payload, e);
    }
  }
}

package io.agnosticbilling.adapter.http;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.agnosticbilling.adapter.http.ApiHarness.Session;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.testkit.concurrent.Race;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Team management over HTTP: role changes, removals, the last admin, tokens at once")
class TeamManagementApiTest {
  private static final String MEMBERS = "/api/organization/members";

  private final ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("PATCH gives a member a role (200 member) and DELETE removes one (204, no body)")
  void changeRoleAndRemove() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = ApiHarness.subjectOf(api.memberToken(ada, "bob@example.com", "member"));
    String cy = ApiHarness.subjectOf(api.memberToken(ada, "cy@example.com", "member"));

    Answer promoted = api.patch(MEMBERS + "/" + bob, "{\"role\":\"admin\"}", ada.token());
    Answer removed = api.delete(MEMBERS + "/" + cy, ada.token());

    assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
    assertThat(promoted.json().path("id").asText()).isEqualTo(bob);
    assertThat(promoted.json().path("email").asText()).isEqualTo("bob@example.com");
    assertThat(promoted.json().path("role").asText()).isEqualTo("admin");
    assertThat(removed.status()).as(removed.body()).isEqualTo(204);
    assertThat(removed.body()).isEmpty();
    assertThat(rolesOf(ada)).containsExactly("ada@example.com:admin", "bob@example.com:admin");
  }

  @Test
  @DisplayName("the last admin can be neither demoted nor removed: 409 last_admin, nothing changes")
  void lastAdminIsKept() {
    Session ada = api.signUp("ada@example.com", "Engines");
    api.memberToken(ada, "bob@example.com", "member");
    String self = ApiHarness.subjectOf(ada.token());

    api.patch(MEMBERS + "/" + self, "{\"role\":\"member\"}", ada.token())
        .problem(409, "last_admin");
    api.delete(MEMBERS + "/" + self, ada.token()).problem(409, "last_admin");

    assertThat(rolesOf(ada)).containsExactly("ada@example.com:admin", "bob@example.com:member");
  }

  @Test
  @DisplayName(
      "another organization's member, or an unknown id, is 404 for PATCH and DELETE; it is"
          + " left as it was")
  void otherOrganizationIsNotFound() {
    Session ada = api.signUp("ada@example.com", "Engines");
    Session eve = api.signUp("eve@example.com", "Evil");
    String mallory = ApiHarness.subjectOf(api.memberToken(eve, "mal@example.com", "member"));

    for (String target : List.of(mallory, ApiHarness.subjectOf(eve.token()), "usr_unknown")) {
      JsonNode patch =
          api.patch(MEMBERS + "/" + target, "{\"role\":\"admin\"}", ada.token())
              .problem(404, "member_not_found");
      api.delete(MEMBERS + "/" + target, ada.token()).problem(404, "member_not_found");
      assertThat(patch.toString()).doesNotContain("mal@example.com", "eve@example.com");
    }
    assertThat(rolesOf(eve)).containsExactly("eve@example.com:admin", "mal@example.com:member");
  }

  @Test
  @DisplayName("a malformed userId and an invalid role are 400 problems naming the field")
  void badInputIs400() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = ApiHarness.subjectOf(api.memberToken(ada, "bob@example.com", "member"));

    JsonNode badId =
        api.patch(MEMBERS + "/usr.bad", "{\"role\":\"admin\"}", ada.token())
            .problem(400, "invalid_input");
    assertThat(badId.path("field").asText()).isEqualTo("userId");
    assertThat(
            api.delete(MEMBERS + "/" + "x".repeat(65), ada.token())
                .problem(400, "invalid_input")
                .path("field")
                .asText())
        .isEqualTo("userId");
    for (String body : List.of("{\"role\":\"owner\"}", "{}", "{\"role\":1}")) {
      assertThat(
              api.patch(MEMBERS + "/" + bob, body, ada.token())
                  .problem(400, "invalid_input")
                  .path("field")
                  .asText())
          .as(body)
          .isEqualTo("role");
    }
    api.patch(MEMBERS + "/" + bob, "not json", ada.token()).problem(400, "malformed_json");

    assertThat(rolesOf(ada)).containsExactly("ada@example.com:admin", "bob@example.com:member");
  }

  @Test
  @DisplayName("a member gets 403 on PATCH and DELETE; no token gets 401")
  void onlyAdmins() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = api.memberToken(ada, "bob@example.com", "member");
    String adaId = ApiHarness.subjectOf(ada.token());

    api.patch(MEMBERS + "/" + adaId, "{\"role\":\"member\"}", bob).problem(403, "forbidden");
    api.delete(MEMBERS + "/" + adaId, bob).problem(403, "forbidden");
    api.send("DELETE", MEMBERS + "/" + adaId, HttpRequest.BodyPublishers.noBody())
        .problem(401, "authentication_required");

    assertThat(rolesOf(ada)).containsExactly("ada@example.com:admin", "bob@example.com:member");
  }

  @Test
  @DisplayName(
      "a removed member's token is refused at once (401) on every route, and it can no longer log"
          + " in")
  void removedMembersTokenStopsAtOnce() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = api.memberToken(ada, "bob@example.com", "admin");
    assertThat(api.get("/api/billing", bob).status()).isEqualTo(200);

    assertThat(api.delete(MEMBERS + "/" + ApiHarness.subjectOf(bob), ada.token()).status())
        .isEqualTo(204);

    api.get("/api/billing", bob).problem(401, "invalid_token");
    api.post("/api/usage/test-runs", "{\"runId\":\"run_1\"}", bob).problem(401, "invalid_token");
    api.get(MEMBERS, bob).problem(401, "invalid_token");
    api.logIn("bob@example.com", "member password").problem(401, "invalid_credentials");
  }

  @Test
  @DisplayName(
      "a removed and re-added user: the old token stays refused, the new login works (a token"
          + " names one membership)")
  void reAddedUserNeedsANewToken() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String old = api.memberToken(ada, "bob@example.com", "member");
    api.delete(MEMBERS + "/" + ApiHarness.subjectOf(old), ada.token());

    String renewed = api.memberToken(ada, "bob@example.com", "member");

    api.get("/api/billing", old).problem(401, "invalid_token");
    assertThat(api.get("/api/billing", renewed).status()).isEqualTo(200);
    assertThat(ApiHarness.subjectOf(renewed)).isNotEqualTo(ApiHarness.subjectOf(old));
  }

  @Test
  @DisplayName(
      "a demoted admin loses admin rights at once (403) but keeps member routes; a promoted"
          + " member gains them at once, with the token it had")
  void roleChangesReachIssuedTokens() {
    Session ada = api.signUp("ada@example.com", "Engines");
    String bob = api.memberToken(ada, "bob@example.com", "admin");
    String cy = api.memberToken(ada, "cy@example.com", "member");
    assertThat(api.post("/api/billing/resume", "{}", bob).status()).isNotEqualTo(403);

    api.patch(MEMBERS + "/" + ApiHarness.subjectOf(bob), "{\"role\":\"member\"}", ada.token());
    api.patch(MEMBERS + "/" + ApiHarness.subjectOf(cy), "{\"role\":\"admin\"}", ada.token());

    api.post("/api/billing/resume", "{}", bob).problem(403, "forbidden");
    api.post(MEMBERS, "{\"email\":\"d@example.com\",\"password\":\"long enough\"}", bob)
        .problem(403, "forbidden");
    api.delete(MEMBERS + "/" + ApiHarness.subjectOf(ada.token()), bob).problem(403, "forbidden");
    assertThat(api.get("/api/billing", bob).status()).isEqualTo(200);
    Answer byCy = api.patch(MEMBERS + "/" + ApiHarness.subjectOf(bob), "{\"role\":\"admin\"}", cy);
    assertThat(byCy.status()).as(byCy.body()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "two admins removing each other at the same moment, 10 times: exactly one 204 each time,"
          + " the other refused, one admin remains")
  void concurrentMutualRemovals() {
    for (int round = 0; round < 10; round++) {
      Session ada = api.signUp("ada" + round + "@example.com", "Engines " + round);
      String bob = api.memberToken(ada, "bob" + round + "@example.com", "admin");
      List<String> tokens = List.of(ada.token(), bob);

      List<Answer> answers =
          Race.all(
              2,
              i ->
                  api.delete(
                      MEMBERS + "/" + ApiHarness.subjectOf(tokens.get(1 - i)), tokens.get(i)));

      assertThat(answers).filteredOn(a -> a.status() == 204).hasSize(1);
      // The loser was refused as the last admin, or was already gone when its call arrived.
      assertThat(answers)
          .filteredOn(a -> a.status() != 204)
          .singleElement()
          .satisfies(a -> assertThat(a.status()).as(a.body()).isIn(401, 409));
      String winner = answers.get(0).status() == 204 ? tokens.get(0) : tokens.get(1);
      List<String> left = rolesOf(winner);
      assertThat(left).hasSize(1).allMatch(r -> r.endsWith(":admin"));
    }
  }

  @Test
  @DisplayName(
      "over its seat limit after a downgrade, an organization gets back under it by removing:"
          + " adding is refused (402) until a seat is free, overLimit turns false")
  void overLimitGetsBackUnderByRemoving() {
    Session ada = api.signUp("ada@example.com", "Engines");
    List<String> ids = new ArrayList<>();
    for (String name : List.of("b", "c", "d", "e")) {
      // Members taken while a larger plan was effective; Free (3 seats) is effective now.
      api.members.add(
          aMember()
              .id("usr_" + name)
              .organization(ada.organizationId())
              .email(name + "@example.com")
              .role(Role.MEMBER)
              .build(),
          Quota.unlimited());
      ids.add("usr_" + name);
    }
    String add = "{\"email\":\"f@example.com\",\"password\":\"long enough\"}";
    assertThat(overview(ada).path("overLimit").asBoolean()).isTrue();
    api.post(MEMBERS, add, ada.token()).problem(402, "limit_exceeded");

    api.delete(MEMBERS + "/" + ids.get(0), ada.token());
    api.delete(MEMBERS + "/" + ids.get(1), ada.token());

    JsonNode atLimit = overview(ada);
    assertThat(atLimit.path("overLimit").asBoolean()).isFalse();
    assertThat(atLimit.path("usage").path("users").path("used").asInt()).isEqualTo(3);
    api.post(MEMBERS, add, ada.token()).problem(402, "limit_exceeded");

    api.delete(MEMBERS + "/" + ids.get(2), ada.token());
    assertThat(api.post(MEMBERS, add, ada.token()).status()).isEqualTo(201);
  }

  private JsonNode overview(Session admin) {
    Answer answer = api.get("/api/billing", admin.token());
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private List<String> rolesOf(Session session) {
    return rolesOf(session.token());
  }

  private List<String> rolesOf(String token) {
    Answer answer = api.get(MEMBERS, token);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<String> roles = new ArrayList<>();
    answer.json().forEach(m -> roles.add(m.path("email").asText() + ":" + m.path("role").asText()));
    return roles;
  }
}

package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.testkit.concurrent.Race;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Team management on two real server processes sharing one PostgreSQL database: a removal or a
 * demotion made through one server reaches tokens presented to the other at once, and two admins
 * removing each other through different servers at the same moment leave exactly one admin.
 */
class TeamAcrossServersTest {
  private static final String MEMBERS = "/api/organization/members/";

  @Test
  @Timeout(240)
  @DisplayName(
      "two servers, one PostgreSQL: removed and demoted members lose access at once on the other"
          + " server; mutual removals through both servers leave one admin")
  void teamChangesReachTheOtherServerAtOnce(@TempDir Path workDir) {
    try (PostgresSchema database = PostgresSchema.create("e2e_team");
        ServerProcess first = start(database, workDir, "first");
        ServerProcess second = start(database, workDir, "second")) {
      ApiClient one = new ApiClient(first.port());
      ApiClient two = new ApiClient(second.port());

      Accounts.Account ada = Accounts.signUp(one);
      String bobEmail = Accounts.uniqueEmail("bob");
      String cyEmail = Accounts.uniqueEmail("cy");
      assertThat(Accounts.addMember(one, ada, bobEmail, "admin").status()).isEqualTo(201);
      assertThat(Accounts.addMember(one, ada, cyEmail, "member").status()).isEqualTo(201);
      String bob = Accounts.logIn(two, bobEmail);
      String cy = Accounts.logIn(two, cyEmail);
      assertThat(two.get("/api/billing", cy).status()).isEqualTo(200);
      assertThat(two.post("/api/billing/resume", "{}", bob).status()).isNotEqualTo(403);

      ApiClient.Reply demoted =
          one.patch(MEMBERS + Accounts.memberIdOf(bob), "{\"role\":\"member\"}", ada.token());
      ApiClient.Reply removed = one.delete(MEMBERS + Accounts.memberIdOf(cy), ada.token());

      assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
      assertThat(removed.status()).as(removed.body()).isEqualTo(204);
      assertThat(two.post("/api/billing/resume", "{}", bob).status()).isEqualTo(403);
      assertThat(two.get("/api/billing", bob).status()).isEqualTo(200);
      assertThat(two.get("/api/billing", cy).status()).isEqualTo(401);
      assertThat(two.post("/api/usage/test-runs", "{\"runId\":\"r1\"}", cy).status())
          .isEqualTo(401);

      for (int round = 0; round < 8; round++) {
        Accounts.Account admin = Accounts.signUp(one);
        String otherEmail = Accounts.uniqueEmail("other");
        assertThat(Accounts.addMember(one, admin, otherEmail, "admin").status()).isEqualTo(201);
        List<String> tokens = List.of(admin.token(), Accounts.logIn(two, otherEmail));
        List<ApiClient> servers = List.of(one, two);

        List<ApiClient.Reply> replies =
            Race.all(
                2,
                i ->
                    servers
                        .get(i)
                        .delete(MEMBERS + Accounts.memberIdOf(tokens.get(1 - i)), tokens.get(i)));

        List<Integer> statuses = new ArrayList<>();
        replies.forEach(r -> statuses.add(r.status()));
        assertThat(statuses).as("round %d", round).containsOnlyOnce(204);
        assertThat(statuses.stream().filter(s -> s != 204)).singleElement().isIn(401, 409);
        String survivor = statuses.get(0) == 204 ? tokens.get(0) : tokens.get(1);
        ApiClient.Reply left = two.get("/api/organization/members", survivor);
        assertThat(left.json()).hasSize(1);
        assertThat(left.json().get(0).path("role").asText()).isEqualTo("admin");
      }
    }
  }

  private static ServerProcess start(PostgresSchema database, Path workDir, String name) {
    Map<String, String> env =
        new HashMap<>(TestServers.environment(workDir.resolve(name), "http://127.0.0.1:9"));
    env.put("SIGNUP_MAX_PER_ADDRESS", "0");
    env.put("DATABASE_URL", database.databaseUrl());
    return ServerProcess.start(env, List.of(), workDir, workDir.resolve(name + ".log"));
  }
}

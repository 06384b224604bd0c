package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.testkit.concurrent.Race;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on its embedded SQLite store keeps each caller's membership between requests
 * (adapter-sql's ReadCache): a removal or demotion still takes effect at once, also when it lands
 * in the middle of a burst of the member's own usage records.
 */
class SqliteKeptReadsTest {
  private static final String MEMBERS = "/api/organization/members/";
  private static final String USAGE = "/api/usage/test-runs";

  @TempDir Path workDir;
  private FakeStripeApi stripe;

  @BeforeEach
  void startStripe() throws Exception {
    stripe = new FakeStripeApi(TestServers.PRICES);
  }

  @AfterEach
  void stopStripe() {
    stripe.close();
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "on SQLite a member removed or demoted during a burst of its usage records loses access with"
          + " the next request")
  void removalDuringABurstTakesEffectAtOnce() {
    try (BillingServer server = TestServers.start(workDir, stripe.baseUrl())) {
      ApiClient api = new ApiClient(server.port());
      Accounts.Account ada = Accounts.signUp(api);
      String bobEmail = Accounts.uniqueEmail("bob");
      String cyEmail = Accounts.uniqueEmail("cy");
      assertThat(Accounts.addMember(api, ada, bobEmail, "admin").status()).isEqualTo(201);
      assertThat(Accounts.addMember(api, ada, cyEmail, "member").status()).isEqualTo(201);
      String bob = Accounts.logIn(api, bobEmail);
      String cy = Accounts.logIn(api, cyEmail);
      // Both memberships are read, and kept, before the change.
      assertThat(api.post(USAGE, "{\"runId\":\"warm-cy\"}", cy).status()).isEqualTo(201);
      assertThat(api.get("/api/organization/members", bob).status()).isEqualTo(200);

      List<ApiClient.Reply> replies =
          Race.all(
              18,
              i ->
                  switch (i) {
                    case 0 -> api.delete(MEMBERS + Accounts.memberIdOf(cy), ada.token());
                    case 1 ->
                        api.patch(
                            MEMBERS + Accounts.memberIdOf(bob),
                            "{\"role\":\"member\"}",
                            ada.token());
                    default -> api.post(USAGE, "{\"runId\":\"burst-" + i + "\"}", cy);
                  });

      assertThat(replies.get(0).status()).as(replies.get(0).body()).isEqualTo(204);
      assertThat(replies.get(1).status()).as(replies.get(1).body()).isEqualTo(200);
      assertThat(replies.subList(2, replies.size()))
          .allSatisfy(r -> assertThat(r.status()).isIn(201, 401));
      assertThat(api.post(USAGE, "{\"runId\":\"after\"}", cy).status()).isEqualTo(401);
      assertThat(api.get("/api/organization/members", cy).status()).isEqualTo(401);
      assertThat(api.delete(MEMBERS + Accounts.memberIdOf(ada.token()), bob).status())
          .isEqualTo(403);
      assertThat(api.post(USAGE, "{\"runId\":\"ada\"}", ada.token()).status()).isEqualTo(201);
    }
  }
}

package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes on one PostgreSQL database (coordination only through the database):
 * the same signed subscription events, shuffled and each delivered twice, go to both at the same
 * time (a 409 {@code event_in_progress} is delivered again later, as Stripe would); every
 * organization ends on the plan of its newest revision, and each event is processed exactly once.
 */
class TwoServersOnePostgresTest {
  static final int ORGANIZATIONS = 40;
  static final int REVISIONS = 5;
  static final int THREADS = 8;

  private record Delivery(String eventId, String payload) {}

  @Test
  @Timeout(300)
  @DisplayName("two servers, one PostgreSQL: shuffled duplicated events end in the right state")
  void shuffledDuplicatedEventsToTwoServers(@TempDir Path workDir) throws Exception {
    try (PostgresSchema database = PostgresSchema.create("e2e_two");
        ServerProcess first = start(database, workDir, "first");
        ServerProcess second = start(database, workDir, "second")) {
      ApiClient[] servers = {new ApiClient(first.port()), new ApiClient(second.port())};
      List<Accounts.Account> accounts = new ArrayList<>();
      for (int i = 0; i < ORGANIZATIONS; i++) {
        accounts.add(Accounts.signUp(servers[i % 2]));
      }
      Random random = new Random(20261202L);
      long created = System.currentTimeMillis() / 1000 - 86_400;
      Map<String, String> expectedPlan = new HashMap<>();
      List<Delivery> deliveries = new ArrayList<>();
      for (int o = 0; o < ORGANIZATIONS; o++) {
        Accounts.Account account = accounts.get(o);
        String price = null;
        for (int r = 0; r < REVISIONS; r++) {
          price = random.nextBoolean() ? TestServers.TEAM_PRICE : TestServers.ENTERPRISE_PRICE;
          String eventId = StripeEvents.newEventId();
          String payload =
              FullSizeEvents.subscriptionUpdated(
                  eventId,
                  created + r * 60L,
                  account.organizationId(),
                  "sub_two_" + o,
                  "cus_two_" + o,
                  price,
                  created - 3_600,
                  created - 3_600);
          deliveries.add(new Delivery(eventId, payload));
          deliveries.add(new Delivery(eventId, payload)); // Stripe delivers at least once
        }
        expectedPlan.put(
            account.organizationId(), price.equals(TestServers.TEAM_PRICE) ? "team" : "enterprise");
      }
      Collections.shuffle(deliveries, random);

      ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>(deliveries);
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      Map<String, AtomicInteger> firstDeliveries = new java.util.concurrent.ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int t = 0; t < THREADS; t++) {
        ApiClient api = servers[t % 2]; // half the senders on each server
        pool.execute(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              for (Delivery d; (d = queue.poll()) != null; ) {
                ApiClient.Reply reply =
                    api.webhook(
                        d.payload(), FullSizeEvents.sign(d.payload(), TestServers.WEBHOOK_SECRET));
                if (reply.status() == 409) {
                  queue.add(d); // event_in_progress on the other server: Stripe retries later
                } else if (reply.status() != 200) {
                  failures.add(d.eventId() + ": " + reply.status() + " " + reply.body());
                } else if (!reply.json().path("duplicate").asBoolean()) {
                  firstDeliveries
                      .computeIfAbsent(d.eventId(), id -> new AtomicInteger())
                      .incrementAndGet();
                }
              }
            });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(240, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).isEmpty();
      // Each event was processed exactly once across both servers; the copy was a duplicate.
      assertThat(firstDeliveries).hasSize(ORGANIZATIONS * REVISIONS);
      assertThat(firstDeliveries.values()).allMatch(count -> count.get() == 1);
      List<String> wrong = new ArrayList<>();
      for (int o = 0; o < ORGANIZATIONS; o++) {
        Accounts.Account account = accounts.get(o);
        // Each server reads the same state; ask them in turn.
        JsonNode billing = servers[o % 2].get("/api/billing", account.token()).json();
        String plan = billing.path("plan").asText();
        if (!plan.equals(expectedPlan.get(account.organizationId()))) {
          wrong.add(
              account.organizationId()
                  + " is on "
                  + plan
                  + ", expected "
                  + expectedPlan.get(account.organizationId()));
        }
      }
      assertThat(wrong).isEmpty();
      // The start-up log names the database by host and name, never with the password.
      assertThat(Files.readAllLines(workDir.resolve("first.log")))
          .filteredOn(line -> line.contains("Store connected:"))
          .singleElement()
          .asString()
          .endsWith("Store connected: postgresql " + database.hostAndDatabase())
          .doesNotContain("@");
    }
  }

  private static ServerProcess start(PostgresSchema database, Path workDir, String name) {
    Map<String, String> env =
        new HashMap<>(TestServers.environment(workDir.resolve(name), "http://127.0.0.1:9"));
    // Hundreds of sign-ups from one address: the per-address sign-up limit is off here.
    env.put("SIGNUP_MAX_PER_ADDRESS", "0");
    env.put("DATABASE_URL", database.databaseUrl());
    env.put("DATABASE_POOL_SIZE", "8");
    return ServerProcess.start(env, List.of(), workDir, workDir.resolve(name + ".log"));
  }
}

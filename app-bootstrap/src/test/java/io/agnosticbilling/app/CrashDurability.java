package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Acknowledged means durable", end to end: the real server in its own process is loaded with
 * sign-ups, usage records and signed webhooks from several threads, killed with SIGKILL mid-burst,
 * restarted on the same data, and asked about every write it had answered 2xx.
 */
final class CrashDurability {
  static final int THREADS = 8;
  static final int SEED_ORGANIZATIONS = 30;

  /** What was acknowledged before the kill, and what of it the restarted server still knows. */
  record Result(int signUps, int usageRecords, int webhooks, List<String> lost) {
    int acknowledged() {
      return signUps + usageRecords + webhooks;
    }
  }

  private record Webhook(String payload) {}

  private record Usage(String token, String runId) {}

  private CrashDurability() {}

  /**
   * Runs the scenario on the store {@code environment} selects; kills the server once {@code
   * acknowledgements} writes were answered 2xx (or after {@code maxBurst}), while the threads are
   * still sending.
   */
  static Result run(
      Map<String, String> environment, Path workDir, int acknowledgements, Duration maxBurst)
      throws InterruptedException {
    Path log = workDir.resolve("server.log");
    List<Accounts.Account> seeds = new ArrayList<>();
    Queue<String> signUps = new ConcurrentLinkedQueue<>();
    Queue<Usage> usage = new ConcurrentLinkedQueue<>();
    Queue<Webhook> webhooks = new ConcurrentLinkedQueue<>();
    AtomicInteger acked = new AtomicInteger();
    try (ServerProcess server = ServerProcess.start(environment, List.of(), workDir, log)) {
      ApiClient api = new ApiClient(server.port());
      for (int i = 0; i < SEED_ORGANIZATIONS; i++) {
        seeds.add(Accounts.signUp(api));
      }
      AtomicBoolean serverGone = new AtomicBoolean();
      AtomicLong created = new AtomicLong(System.currentTimeMillis() / 1000 - 100_000);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        pool.execute(
            () -> {
              for (int i = 0; !serverGone.get(); i++) {
                try {
                  switch (i % 3) {
                    case 0 -> {
                      String email = "crash-" + thread + "-" + i + "@example.test";
                      if (signUp(api, email)) {
                        signUps.add(email);
                        acked.incrementAndGet();
                      }
                    }
                    case 1 -> {
                      // Usage goes to the first half of the seeds, webhooks to the second: each
                      // webhook moves its organization's period, and a run id replays only
                      // within the period it was recorded in (domain.md, RecordUsage).
                      Accounts.Account org = seeds.get((thread * 7 + i) % (seeds.size() / 2));
                      String runId = "run-" + thread + "-" + i;
                      if (recordUsage(api, org.token(), runId).status() == 201) {
                        usage.add(new Usage(org.token(), runId));
                        acked.incrementAndGet();
                      }
                    }
                    default -> {
                      int k = seeds.size() / 2 + (thread * 11 + i) % (seeds.size() / 2);
                      String payload =
                          FullSizeEvents.subscriptionUpdated(
                              StripeEvents.newEventId(),
                              created.incrementAndGet(),
                              seeds.get(k).organizationId(),
                              "sub_crash_" + k,
                              "cus_crash_" + k,
                              TestServers.TEAM_PRICE,
                              created.get() - 3_600,
                              created.get() - 3_600);
                      ApiClient.Reply reply =
                          api.webhook(
                              payload, FullSizeEvents.sign(payload, TestServers.WEBHOOK_SECRET));
                      if (reply.status() == 200) {
                        webhooks.add(new Webhook(payload));
                        acked.incrementAndGet();
                      }
                    }
                  }
                } catch (UncheckedIOException e) {
                  serverGone.set(true);
                }
              }
            });
      }
      long deadline = System.nanoTime() + maxBurst.toNanos();
      while (acked.get() < acknowledgements && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      server.kill();
      serverGone.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    List<String> lost = new ArrayList<>();
    try (ServerProcess restarted = ServerProcess.start(environment, List.of(), workDir, log)) {
      ApiClient api = new ApiClient(restarted.port());
      for (String email : signUps) {
        ApiClient.Reply reply =
            api.post(
                "/api/auth/login",
                ApiClient.json(Map.of("email", email, "password", Accounts.PASSWORD)),
                null);
        if (reply.status() != 200) {
          lost.add("sign-up " + email + ": login answered " + reply.status());
        }
      }
      for (Usage record : usage) {
        ApiClient.Reply reply = recordUsage(api, record.token(), record.runId());
        if (reply.status() != 201 || !reply.json().path("replayed").asBoolean()) {
          lost.add("usage " + record.runId() + ": " + reply.status() + " " + reply.body());
        }
      }
      for (Webhook webhook : webhooks) {
        ApiClient.Reply reply =
            api.webhook(
                webhook.payload(),
                FullSizeEvents.sign(webhook.payload(), TestServers.WEBHOOK_SECRET));
        if (reply.status() != 200 || !reply.json().path("duplicate").asBoolean()) {
          lost.add("webhook: " + reply.status() + " " + reply.body());
        }
      }
    }
    return new Result(signUps.size(), usage.size(), webhooks.size(), lost);
  }

  private static boolean signUp(ApiClient api, String email) {
    return api.post(
                "/api/auth/signup",
                ApiClient.json(
                    Map.of(
                        "email",
                        email,
                        "password",
                        Accounts.PASSWORD,
                        "organizationName",
                        "Crash " + email)),
                null)
            .status()
        == 201;
  }

  private static ApiClient.Reply recordUsage(ApiClient api, String token, String runId) {
    return api.post("/api/usage/test-runs", ApiClient.json(Map.of("runId", runId)), token);
  }
}

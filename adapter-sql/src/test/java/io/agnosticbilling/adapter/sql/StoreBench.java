package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Store-level load (not a test, not in {@code mvn verify}): 16 threads doing what a webhook or a
 * usage record asks of the store, printing operations/s and latency percentiles. Arguments: {@code
 * sqlite <file> | postgresql <url>}, then {@code webhooks | webhooks-tx | usage} (webhooks-tx: the
 * four calls of one event in one {@code inTransaction}), then the count.
 */
public final class StoreBench {
  private static final int THREADS = 16;
  private static final String PAYLOAD = "x".repeat(3_600);

  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    SqlStoreOptions options =
        SqlStoreOptions.defaults()
            .withSqliteSync(SqliteSync.valueOf(System.getProperty("sync", "FULL")));
    try (SqlBillingStore store =
        args[0].equals("sqlite")
            ? SqlBillingStore.sqlite(Path.of(args[1]), options)
            : SqlBillingStore.postgres(args[1], options)) {
      store.migrations().up();
      int n = Integer.parseInt(args[3]);
      String run = Long.toString(System.nanoTime(), 36);
      int orgs = args[2].startsWith("webhooks") ? 2_000 : 200;
      for (int i = 0; i < orgs; i++) {
        store
            .organizations()
            .insert(
                anOrganization()
                    .id("org_" + run + "_" + i)
                    .subscription(aSubscription().id("sub_" + run + "_" + i))
                    .build());
      }
      long[] latencies = new long[n];
      AtomicInteger next = new AtomicInteger();
      Thread[] threads = new Thread[THREADS];
      long start = System.nanoTime();
      for (int t = 0; t < THREADS; t++) {
        threads[t] =
            new Thread(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < n; ) {
                    long t0 = System.nanoTime();
                    if (args[2].equals("webhooks")) {
                      webhook(store, run, i, orgs);
                    } else if (args[2].equals("webhooks-tx")) {
                      int event = i;
                      store.inTransaction(
                          () -> {
                            webhook(store, run, event, orgs);
                            return null;
                          });
                    } else {
                      store
                          .usageCounters()
                          .record(
                              aUsageRequest()
                                  .organization("org_" + run + "_" + (i % orgs))
                                  .limit(1_000_000_000)
                                  .idempotencyKey("run_" + run + "_" + i)
                                  .build());
                    }
                    latencies[i] = System.nanoTime() - t0;
                  }
                });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies);
      System.out.printf(
          "%s %s: %d in %.2f s = %.0f/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
          store.description(),
          args[2],
          n,
          seconds,
          n / seconds,
          latencies[n / 2] / 1e6,
          latencies[n * 9 / 10] / 1e6,
          latencies[n * 99 / 100] / 1e6);
    }
  }

  /** Claim, read the organization by subscription, save it, finish: what one event costs. */
  private static void webhook(SqlBillingStore store, String run, int i, int orgs) {
    Instant now = Instant.now();
    String sub = "sub_" + run + "_" + (i % orgs);
    String eventId = "evt_" + run + "_" + i;
    Claim claim =
        store
            .webhookLog()
            .claim(
                new IncomingEvent(anEventHeader().id(eventId).build(), PAYLOAD),
                now,
                Duration.ofSeconds(60));
    for (int attempt = 0; attempt < 10; attempt++) {
      Organization org = store.organizations().findBySubscriptionId(sub).orElseThrow();
      try {
        store.organizations().save(org.withCustomerId("cus_" + i));
        break;
      } catch (io.agnosticbilling.domain.error.ConcurrentUpdateException e) {
        // another event of the same organization won: read again
      }
    }
    store
        .webhookLog()
        .finish(
            eventId,
            claim.entry().attempts(),
            WebhookStatus.PROCESSED,
            Optional.of(OrganizationId.of("org_" + run + "_" + (i % orgs))),
            Optional.empty(),
            Optional.empty(),
            now);
  }
}

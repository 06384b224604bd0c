package io.agnosticbilling.app.bench;

import com.sun.management.ThreadMXBean;
import io.agnosticbilling.adapter.stripe.StripePaymentEvents;
import io.agnosticbilling.app.FullSizeEvents;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;

/**
 * Benchmark (a plain main, not a test; run by scripts/bench-verify.sh): the CPU and allocation of
 * {@link StripePaymentEvents#verify} alone, on one thread, for the webhook benchmark's 4.2 KB
 * {@code customer.subscription.updated} events: the signature check and the payload reading that
 * the HTTP threads do before the domain sees an event. Distinct events (ids, times) are verified in
 * turn, so the parser does not meet the same bytes again and again; in the server, with its other
 * work between two events, the same call costs two to three times as much (docs/benchmarks.md).
 */
public final class WebhookVerifyBenchmark {
  private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int DISTINCT = 4_000;
  private static final String SECRET = "whsec_bench_0123456789abcdef";

  private WebhookVerifyBenchmark() {}

  public static void main(String[] args) {
    Random random = new Random(1);
    String[] payloads = new String[DISTINCT];
    String[] headers = new String[DISTINCT];
    for (int i = 0; i < DISTINCT; i++) {
      payloads[i] =
          FullSizeEvents.subscriptionUpdated(
              "evt_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36),
              1_767_225_700L + random.nextInt(100_000),
              "org_bench_" + random.nextInt(100_000),
              "sub_bench_" + random.nextInt(100_000),
              "cus_bench_" + random.nextInt(1_000_000),
              "price_bench_team",
              1_767_225_500L,
              1_767_225_600L + random.nextInt(1_000));
      headers[i] = FullSizeEvents.sign(payloads[i], SECRET);
    }
    StripePaymentEvents events = new StripePaymentEvents(Optional.of(SECRET), Clock.systemUTC());
    ThreadMXBean thread = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    System.out.printf(
        "verify of %,d-byte events, %,d per round (the first rounds warm the JIT up)%n",
        payloads[0].length(), EVENTS);
    int checksum = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      long cpu = thread.getCurrentThreadCpuTime();
      long allocated = thread.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < EVENTS; i++) {
        int n = i % DISTINCT;
        checksum += events.verify(payloads[n], Optional.of(headers[n])).header().id().length();
      }
      System.out.printf(
          "round %d: %.2f us CPU and %.1f KB allocated per event%n",
          round,
          (thread.getCurrentThreadCpuTime() - cpu) / 1_000.0 / EVENTS,
          (thread.getCurrentThreadAllocatedBytes() - allocated) / 1024.0 / EVENTS);
    }
    System.out.println("(checksum " + checksum + ")");
  }
}

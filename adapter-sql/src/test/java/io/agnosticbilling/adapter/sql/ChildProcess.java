package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;

import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for the SQLite tests: {@code hold <file>} opens the store and waits; {@code burst
 * <file>} writes from 8 threads until killed, printing one {@code ack} line per write only after
 * the store answered it.
 */
public final class ChildProcess {
  private ChildProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    try (SqlBillingStore store = SqlBillingStore.sqlite(file, SqlStoreOptions.defaults())) {
      store.migrations().up();
      System.out.println("open");
      System.out.flush();
      if (args[0].equals("hold")) {
        Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        return;
      }
      burst(store);
    } catch (StoreLockedException e) {
      System.out.println("locked: " + e.getMessage());
    }
  }

  private static void burst(SqlBillingStore store) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                WebhookLog log = store.webhookLog();
                for (int i = 0; ; i++) {
                  String id = thread + "_" + i;
                  switch (i % 3) {
                    case 0 -> {
                      store.organizations().insert(anOrganization().id("org_" + id).build());
                      ack(out, "org " + id);
                    }
                    case 1 -> {
                      UsageRecorded r =
                          store
                              .usageCounters()
                              .record(
                                  aUsageRequest()
                                      .organization("org_usage")
                                      .limit(1_000_000)
                                      .idempotencyKey("run_" + id)
                                      .build());
                      if (r.allowed()) {
                        ack(out, "usage " + id);
                      }
                    }
                    default -> {
                      Instant now = Instant.now();
                      log.claim(
                          new IncomingEvent(anEventHeader().id("evt_" + id).build(), "{}"),
                          now,
                          Duration.ofSeconds(60));
                      log.finish(
                          "evt_" + id,
                          1,
                          WebhookStatus.PROCESSED,
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty(),
                          now);
                      ack(out, "webhook " + id);
                    }
                  }
                }
              });
      threads.add(worker);
      worker.start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static void ack(PrintStream out, String line) {
    synchronized (out) {
      out.println("ack " + line);
      out.flush();
    }
  }

  /** Starts this class in a new JVM with the test class path. */
  static Process start(String mode, Path file) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ChildProcess.class.getName(),
            mode,
            file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  static BufferedReader output(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }
}

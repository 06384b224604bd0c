package io.agnosticbilling.app;

import io.agnosticbilling.adapter.sql.StoreLockedException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code serve}: runs the HTTP server until the process is asked to stop (SIGTERM, Ctrl-C). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start the HTTP server (the default command).",
      "Applies pending migrations first; stops gracefully on SIGTERM or Ctrl-C."
    })
final class ServeCommand extends ConfiguredCommand {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  ServeCommand(BillingCli cli) {
    super(cli);
  }

  @Override
  int run(BillingConfigLoader.Loaded loaded) {
    BillingServer server;
    try {
      server = BillingServer.start(loaded.config(), cli.clock(), loaded.warnings());
    } catch (StoreLockedException | LegacyEmbeddedStoreException e) {
      // Expected situations with a sentence that says what to do: no stack trace.
      LOG.error("The server could not start: {}", e.getMessage());
      return BillingCli.FAILED;
    } catch (RuntimeException e) {
      LOG.error("The server could not start: {}", e.getMessage(), e);
      return BillingCli.FAILED;
    }
    runUntilStopped(server);
    return BillingCli.OK;
  }

  /**
   * Blocks until the process is asked to stop (SIGTERM, Ctrl-C), then closes {@code running}; the
   * shutdown hook closes it so in-flight requests finish before the JVM exits.
   */
  static void runUntilStopped(AutoCloseable running) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping: finishing in-flight requests");
                  closeQuietly(running);
                  stopped.countDown();
                },
                "billing-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(running);
    }
  }

  private static void closeQuietly(AutoCloseable running) {
    try {
      running.close();
    } catch (Exception e) {
      LOG.warn("Stopping failed: {}", e.getMessage(), e);
    }
  }
}

package io.agnosticbilling.app;

import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code demo}: the server with an in-process Stripe sandbox, to try the whole flow offline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Try it without a Stripe account: the server on a fresh embedded store",
      "(a new temporary directory, or BILLING_DATA_DIR) paying through an",
      "in-process Stripe sandbox: catalog synced, webhooks delivered to this server.",
      "Prints the URL to open. Reads PORT (default 3000; 0 = any free port) and",
      "the catalog settings; replaces the store, Redis and Stripe settings.",
      "Stops on SIGTERM or Ctrl-C."
    })
final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  private final BillingCli cli;

  DemoCommand(BillingCli cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Demo demo;
    try {
      demo = Demo.start(cli.environment(), cli.workingDirectory(), cli.clock());
    } catch (ConfigurationException e) {
      cli.err().println(e.getMessage());
      return BillingCli.BAD_CONFIGURATION;
    } catch (RuntimeException e) {
      LOG.error("The demo could not start: {}", e.getMessage(), e);
      cli.err().println("The demo could not start: " + e.getMessage());
      return BillingCli.FAILED;
    }
    cli.out().println(demo.banner());
    cli.out().flush();
    ServeCommand.runUntilStopped(demo);
    return BillingCli.OK;
  }
}

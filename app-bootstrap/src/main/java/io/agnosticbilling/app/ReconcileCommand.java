package io.agnosticbilling.app;

import io.agnosticbilling.domain.port.in.DriftReport;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code reconcile}: compares every Stripe subscription with local state and prints the drift. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compare Stripe's subscriptions with the stored state and print the drift report.",
      "Where they differ, Stripe's state is applied. Exits 1 when some could not be applied."
    })
final class ReconcileCommand extends ConfiguredCommand {

  ReconcileCommand(BillingCli cli) {
    super(cli);
  }

  @Override
  int run(BillingConfigLoader.Loaded loaded) {
    if (!loaded.config().paymentsConfigured()) {
      cli.err().println("STRIPE_SECRET_KEY is not set: there is nothing to reconcile with.");
      return BillingCli.BAD_CONFIGURATION;
    }
    try (Wiring wiring = Wiring.connectMigrated(loaded.config(), cli.clock())) {
      DriftReport report = wiring.billing().reconcile();
      print(cli.out(), report);
      return report.failed().isEmpty() ? BillingCli.OK : BillingCli.FAILED;
    } catch (RuntimeException e) {
      cli.err().println("Reconciliation failed: " + e.getMessage());
      return BillingCli.FAILED;
    }
  }

  static void print(PrintWriter out, DriftReport report) {
    out.println("checked: " + report.checked());
    out.println("in sync: " + report.inSync());
    line(out, "drifted (fixed)", report.drifted());
    line(out, "missing locally", report.missingLocally());
    line(out, "unresolved", report.unresolved());
    line(out, "failed", report.failed());
  }

  private static void line(PrintWriter out, String label, List<String> ids) {
    out.println(label + ": " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
  }
}

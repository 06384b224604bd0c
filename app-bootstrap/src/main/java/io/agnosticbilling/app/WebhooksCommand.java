package io.agnosticbilling.app;

import io.agnosticbilling.domain.error.BillingException;
import io.agnosticbilling.domain.port.in.EventOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code webhooks replay <eventId>}: processes a failed, logged event again. */
@Command(name = "webhooks", mixinStandardHelpOptions = true, description = "Webhook log tasks.")
final class WebhooksCommand {

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Process a logged event in status 'error' again from its stored payload",
        "(find them with GET /api/admin/webhooks?status=error). Exits 1 if it fails again."
      })
  static final class Replay extends ConfiguredCommand {

    @Parameters(index = "0", paramLabel = "<eventId>", description = "the Stripe event id, evt_…")
    String eventId;

    Replay(BillingCli cli) {
      super(cli);
    }

    @Override
    int run(BillingConfigLoader.Loaded loaded) {
      try (Wiring wiring = Wiring.connectMigrated(loaded.config(), cli.clock())) {
        EventOutcome outcome = wiring.billing().replay(eventId);
        cli.out()
            .println(
                outcome.eventId()
                    + ": "
                    + outcome.status().wireName()
                    + outcome.detail().map(d -> " (" + d + ")").orElse(""));
        return BillingCli.OK;
      } catch (BillingException e) {
        cli.err()
            .println("Replay of " + eventId + " refused (" + e.code() + "): " + e.getMessage());
        return BillingCli.FAILED;
      } catch (RuntimeException e) {
        cli.err().println("Replay of " + eventId + " failed: " + e.getMessage());
        return BillingCli.FAILED;
      }
    }
  }
}

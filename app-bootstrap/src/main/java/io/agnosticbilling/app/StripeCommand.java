package io.agnosticbilling.app;

import io.agnosticbilling.adapter.stripe.StripeCatalogSync;
import io.agnosticbilling.adapter.stripe.StripeSettings;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code stripe sync-catalog}: makes Stripe sell the catalog's paid plans. */
@Command(name = "stripe", mixinStandardHelpOptions = true, description = "Stripe set-up tasks.")
final class StripeCommand {

  @Command(
      name = "sync-catalog",
      mixinStandardHelpOptions = true,
      description = {
        "Find or create the product and monthly price of each paid plan (by lookup key),",
        "then print the STRIPE_<PLAN>_PRICE_ID lines to put in the environment or .env."
      })
  static final class SyncCatalog extends ConfiguredCommand {

    SyncCatalog(BillingCli cli) {
      super(cli);
    }

    @Override
    int run(BillingConfigLoader.Loaded loaded) {
      Optional<StripeSettings> settings = Wiring.stripeSettings(loaded.config());
      if (settings.isEmpty()) {
        cli.err().println("STRIPE_SECRET_KEY is not set: the catalog cannot be synced.");
        return BillingCli.BAD_CONFIGURATION;
      }
      try {
        StripeCatalogSync.SyncedPrices prices =
            new StripeCatalogSync(settings.get()).syncPrices(loaded.config().catalog());
        cli.out().print(StripeCatalogSync.environmentLines(prices));
        return BillingCli.OK;
      } catch (RuntimeException e) {
        cli.err().println("Catalog sync failed: " + e.getMessage());
        return BillingCli.FAILED;
      }
    }
  }
}

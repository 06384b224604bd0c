package io.agnosticbilling.app;

import io.agnosticbilling.adapter.stripe.StripeCatalogSync;
import io.agnosticbilling.adapter.stripe.StripeSettings;
import io.agnosticbilling.adapter.stripe.StripeSetupCheck;
import io.agnosticbilling.adapter.stripe.StripeSetupCheck.Finding;
import io.agnosticbilling.adapter.stripe.StripeSetupCheck.PriceExpectation;
import io.agnosticbilling.adapter.stripe.StripeSetupCheck.Severity;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Plan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code config check --online}: asks Stripe whether the configured key, prices and webhook
 * endpoint work for this server ({@link StripeSetupCheck}), and prints one line per finding.
 */
final class OnlineConfigCheck {
  /** Where Stripe must deliver events, under the server's public address. */
  static final String WEBHOOK_PATH = "/api/webhooks/stripe";

  private OnlineConfigCheck() {}

  /**
   * Prints the findings; returns {@link BillingCli#FAILED} when any is an error.
   *
   * @param webhookUrl the endpoint URL to look for; empty means {@code FRONTEND_URL} + the path
   */
  static int run(BillingConfig config, Optional<String> webhookUrl, PrintWriter out) {
    Optional<StripeSettings> settings = Wiring.stripeSettings(config);
    String url = webhookUrl.orElse(config.frontendUrl() + WEBHOOK_PATH);
    out.println(
        "Online checks (Stripe at "
            + config.stripeApiBase().orElse("https://api.stripe.com")
            + ", webhook endpoint "
            + url
            + "):");
    List<Finding> findings = new ArrayList<>();
    if (settings.isEmpty()) {
      findings.add(
          new Finding(
              Severity.ERROR,
              "STRIPE_SECRET_KEY is not set, so there is nothing to ask Stripe: set it (payments"
                  + " are off without it)"));
    } else {
      findings.addAll(unsetPrices(config));
      findings.addAll(new StripeSetupCheck(settings.get()).check(prices(config), url));
    }
    findings.forEach(out::println);
    long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    out.println(
        errors == 0
            ? "OK: Stripe agrees with this configuration."
            : errors + (errors == 1 ? " error" : " errors") + ": fix the lines marked ERROR.");
    return errors == 0 ? BillingCli.OK : BillingCli.FAILED;
  }

  /** The prices the configuration names, each with the plan it must sell. */
  static List<PriceExpectation> prices(BillingConfig config) {
    List<PriceExpectation> prices = new ArrayList<>();
    for (Plan plan : config.catalog().plans()) {
      plan.providerPriceId()
          .ifPresent(
              price ->
                  prices.add(
                      new PriceExpectation(
                          SettingParsers.priceVariable(plan.id()),
                          price,
                          plan.id(),
                          plan.price(),
                          plan.interval(),
                          plan.providerProductId(),
                          StripeCatalogSync.lookupKey(plan))));
      plan.yearlyProviderPriceId()
          .ifPresent(
              price ->
                  prices.add(
                      new PriceExpectation(
                          SettingParsers.yearlyPriceVariable(plan.id()),
                          price,
                          plan.id(),
                          plan.yearlyPrice().orElseThrow(),
                          BillingInterval.YEAR,
                          plan.providerProductId(),
                          StripeCatalogSync.lookupKey(plan, BillingInterval.YEAR))));
    }
    return prices;
  }

  private static List<Finding> unsetPrices(BillingConfig config) {
    return config.catalog().plans().stream()
        .filter(plan -> !plan.isFree() && plan.providerPriceId().isEmpty())
        .map(
            plan ->
                new Finding(
                    Severity.WARNING,
                    SettingParsers.priceVariable(plan.id())
                        + " is not set: plan '"
                        + plan.id()
                        + "' cannot be bought; run 'stripe sync-catalog' and copy the line it"
                        + " prints"))
        .toList();
  }
}

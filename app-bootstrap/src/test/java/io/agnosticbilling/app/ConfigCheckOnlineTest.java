package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import io.agnosticbilling.adapter.stripe.StripeSetupCheck;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config check --online} run in-process against a Stripe-shaped server over HTTP: a good
 * set-up passes, and each bad one is one ERROR line saying what to do, with exit code 1.
 */
class ConfigCheckOnlineTest {
  private static final String WEBHOOK_URL = "https://billing.example.test/api/webhooks/stripe";

  @TempDir Path workDir;
  private StripeSetupApi stripe;

  @BeforeEach
  void goodSetUp() throws Exception {
    stripe = new StripeSetupApi();
    stripe.price("price_team", "team", 9900);
    stripe.price("price_enterprise", "enterprise", 49900);
    stripe.endpoint(WEBHOOK_URL, StripeSetupCheck.eventsToEnable(), Stripe.API_VERSION);
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("FRONTEND_URL", "https://billing.example.test");
    env.put("STRIPE_SECRET_KEY", StripeSetupApi.KEY);
    env.put("STRIPE_TEAM_PRICE_ID", "price_team");
    env.put("STRIPE_ENTERPRISE_PRICE_ID", "price_enterprise");
    env.put("STRIPE_API_BASE", stripe.baseUrl());
    return env;
  }

  private CliRun check(Map<String, String> env, String... more) {
    String[] args = new String[2 + more.length + 1];
    args[0] = "config";
    args[1] = "check";
    args[2] = "--online";
    System.arraycopy(more, 0, args, 3, more.length);
    return CliRun.run(workDir, env, args);
  }

  private static List<String> errors(CliRun run) {
    return run.out().lines().filter(l -> l.startsWith("ERROR: ")).toList();
  }

  @Test
  @DisplayName("a good set-up: key, both prices and the endpoint are OK, exit 0")
  void goodSetUpPasses() {
    CliRun run = check(environment());

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("OK: STRIPE_SECRET_KEY sk_test_*** works (test mode)")
        .contains("OK: STRIPE_TEAM_PRICE_ID=price_team sells plan 'team' at 9900 usd a month")
        .contains("OK: STRIPE_ENTERPRISE_PRICE_ID=price_enterprise sells plan 'enterprise'")
        .contains("OK: Webhook endpoint we_1 (" + WEBHOOK_URL + ") is enabled")
        .contains("OK: Stripe agrees with this configuration.")
        .doesNotContain("setupCheck123");
    assertThat(errors(run)).isEmpty();
  }

  @Test
  @DisplayName("without --online nothing is asked of Stripe")
  void offlineAsksNothing() {
    CliRun run = CliRun.run(workDir, environment(), "config", "check");

    assertThat(run.code()).isZero();
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  @DisplayName("a key Stripe refuses (401) is one error, and nothing else is asked")
  void wrongKey() {
    Map<String, String> env = environment();
    env.put("STRIPE_SECRET_KEY", "sk_test_someoneElsesKey999");

    CliRun run = check(env);

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .containsExactly(
            "ERROR: STRIPE_SECRET_KEY sk_test_*** was refused by Stripe (401): copy the secret key"
                + " of this account from Dashboard → Developers → API keys (a rolled or deleted"
                + " key stops at once)");
    assertThat(stripe.requests()).containsExactly("GET /v1/balance");
    assertThat(run.out()).doesNotContain("someoneElsesKey999");
  }

  @Test
  @DisplayName("a price that does not exist in the key's mode")
  void missingPrice() {
    stripe.removePrice("price_team");

    CliRun run = check(environment());

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .singleElement()
        .asString()
        .startsWith("ERROR: STRIPE_TEAM_PRICE_ID=price_team does not exist in test mode")
        .contains("run 'stripe sync-catalog' with this key");
  }

  @Test
  @DisplayName("an archived price")
  void inactivePrice() {
    stripe.price("price_team", "team", 9900).addProperty("active", false);

    CliRun run = check(environment());

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .containsExactly(
            "ERROR: STRIPE_TEAM_PRICE_ID=price_team: it is archived (inactive), so Checkout"
                + " refuses it: run 'stripe sync-catalog' for an active price, or unarchive it in"
                + " the Dashboard");
  }

  @Test
  @DisplayName("a live-mode price under a test key")
  void livemodeMismatch() {
    stripe.price("price_enterprise", "enterprise", 49900).addProperty("livemode", true);

    CliRun run = check(environment());

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .containsExactly(
            "ERROR: STRIPE_ENTERPRISE_PRICE_ID=price_enterprise: it is a live-mode price and the"
                + " key is a test key: use the price of the key's mode");
  }

  @Test
  @DisplayName("a price of another amount, another interval, or one-time")
  void wrongAmountAndInterval() {
    stripe.price("price_team", "team", 9000);
    stripe
        .price("price_enterprise", "enterprise", 49900)
        .getAsJsonObject("recurring")
        .addProperty("interval", "year");

    CliRun run = check(environment());

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .containsExactly(
            "ERROR: STRIPE_TEAM_PRICE_ID=price_team: it charges 9000 usd but the catalog sells"
                + " plan 'team' at 9900 usd (minor units): run 'stripe sync-catalog' (it makes a"
                + " price of the catalog's amount) or correct the catalog",
            "ERROR: STRIPE_ENTERPRISE_PRICE_ID=price_enterprise: it renews every year but plan"
                + " 'enterprise' is billed every month");

    stripe.price("price_team", "team", 9900).remove("recurring");
    assertThat(errors(check(environment())))
        .contains(
            "ERROR: STRIPE_TEAM_PRICE_ID=price_team: it is a one-time price: a subscription needs"
                + " a recurring monthly price");
  }

  @Test
  @DisplayName("prices swapped between the plans: each sells the other plan")
  void swappedPrices() {
    Map<String, String> env = environment();
    env.put("STRIPE_TEAM_PRICE_ID", "price_enterprise");
    env.put("STRIPE_ENTERPRISE_PRICE_ID", "price_team");

    CliRun run = check(env);

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "ERROR: STRIPE_TEAM_PRICE_ID=price_enterprise: it does not sell plan"
                            + " 'team' (product agnostic_billing_enterprise, lookup key"
                            + " agnostic_billing_enterprise_monthly); it sells plan 'enterprise'"
                            + " (STRIPE_ENTERPRISE_PRICE_ID?)"));
  }

  @Test
  @DisplayName("no endpoint points at the server; --webhook-url names another address")
  void endpointMissing() {
    Map<String, String> env = environment();
    env.put("FRONTEND_URL", "https://app.example.test");

    CliRun run = check(env);
    CliRun explicit = check(env, "--webhook-url", WEBHOOK_URL);

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .singleElement()
        .asString()
        .startsWith(
            "ERROR: No test-mode webhook endpoint points at"
                + " https://app.example.test/api/webhooks/stripe (the account's point at "
                + WEBHOOK_URL
                + "): add one in Dashboard → Developers → Webhooks with the events"
                + " customer.subscription.created,");
    assertThat(explicit.code()).as(explicit.out()).isZero();
  }

  @Test
  @DisplayName("an endpoint without some events, disabled, or of an API version not read")
  void endpointWrong() throws Exception {
    Map<String, String> env = environment();
    stripe.close();
    stripe = new StripeSetupApi();
    env.put("STRIPE_API_BASE", stripe.baseUrl());
    stripe.price("price_team", "team", 9900);
    stripe.price("price_enterprise", "enterprise", 49900);
    stripe
        .endpoint(
            WEBHOOK_URL,
            List.of(
                "customer.subscription.created",
                "customer.subscription.updated",
                "customer.subscription.deleted",
                "invoice.payment_succeeded"),
            "2023-10-16")
        .addProperty("status", "disabled");

    CliRun run = check(env);

    assertThat(run.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(run))
        .containsExactly(
            "ERROR: Webhook endpoint we_1 ("
                + WEBHOOK_URL
                + ") is disabled: enable it in the"
                + " Dashboard, or Stripe sends it nothing",
            "ERROR: Webhook endpoint we_1 ("
                + WEBHOOK_URL
                + ") does not send customer.subscription.trial_will_end, invoice.payment_failed,"
                + " checkout.session.completed: add them"
                + " to its events, or plan changes made in Stripe never arrive",
            "ERROR: Webhook endpoint we_1 ("
                + WEBHOOK_URL
                + ") sends events of API version 2023-10-16, older than this release reads"
                + " (2024-09-30.acacia or later): make a new endpoint with API version "
                + Stripe.API_VERSION
                + " and put its signing secret in STRIPE_WEBHOOK_SECRET");
  }

  @Test
  @DisplayName("an endpoint of all events ('*') and an older version this release reads passes")
  void wildcardAndOlderReadVersion() throws Exception {
    stripe.close();
    stripe = new StripeSetupApi();
    stripe.price("price_team", "team", 9900);
    stripe.price("price_enterprise", "enterprise", 49900);
    JsonArray all = new JsonArray();
    all.add("*");
    stripe.endpoint(WEBHOOK_URL, List.of(), "2024-09-30.acacia").add("enabled_events", all);
    Map<String, String> env = environment();

    CliRun run = check(env);

    assertThat(run.code()).as(run.out()).isZero();
  }

  @Test
  @DisplayName("an unset price is a warning; no key, or Stripe unreachable, is an error")
  void unsetPriceNoKeyUnreachable() {
    Map<String, String> env = environment();
    env.remove("STRIPE_ENTERPRISE_PRICE_ID");
    CliRun unset = check(env);
    env.remove("STRIPE_SECRET_KEY");
    CliRun noKey = check(env);
    Map<String, String> away = environment();
    away.put("STRIPE_API_BASE", "http://127.0.0.1:9");
    CliRun unreachable = check(away);

    assertThat(unset.code()).as(unset.out()).isZero();
    assertThat(unset.out())
        .contains(
            "WARNING: STRIPE_ENTERPRISE_PRICE_ID is not set: plan 'enterprise' cannot be bought");
    assertThat(noKey.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(noKey)).singleElement().asString().contains("STRIPE_SECRET_KEY is not set");
    assertThat(unreachable.code()).isEqualTo(BillingCli.FAILED);
    assertThat(errors(unreachable))
        .singleElement()
        .asString()
        .startsWith("ERROR: Stripe could not be reached at http://127.0.0.1:9");
  }

  @Test
  @DisplayName(
      "a yearly price is checked like the monthly one: OK when it charges the catalog's yearly"
          + " amount each year, an ERROR when the variable names the monthly price")
  void yearlyPricesAreChecked() {
    JsonObject yearly = stripe.price("price_team_yearly", "team", 99000);
    yearly.getAsJsonObject("recurring").addProperty("interval", "year");
    yearly.addProperty("lookup_key", "agnostic_billing_team_yearly");
    Map<String, String> env = environment();
    env.put("STRIPE_TEAM_YEARLY_PRICE_ID", "price_team_yearly");

    CliRun good = check(env);
    env.put("STRIPE_TEAM_YEARLY_PRICE_ID", "price_team");
    CliRun monthly = check(env);

    assertThat(good.code()).as(good.out() + good.err()).isZero();
    assertThat(good.out()).contains("OK: STRIPE_TEAM_YEARLY_PRICE_ID=price_team_yearly sells plan");
    assertThat(errors(monthly))
        .anyMatch(line -> line.startsWith("ERROR: STRIPE_TEAM_YEARLY_PRICE_ID=price_team"));
  }
}

package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The billing page's prices in headless Chromium (issue 13 items 4 and 6): a catalog file with a
 * 14-day trial and a yearly price on Team, the month/year toggle, an upgrade at the yearly price,
 * and the trial's end after paying, against the real server and the Stripe-shaped fake.
 */
@DisplayName("The billing page's yearly prices and trials in a browser")
class PricingPageTest {
  @RegisterExtension static final BrowserExtension chromium = new BrowserExtension();

  static final String TEAM_YEARLY_PRICE = "price_team_yearly_e2e";
  static final String CATALOG =
      """
      {"plans": [
        {"id": "free", "name": "Free", "rank": 0, "price": {"amount": 0, "currency": "usd"},
         "limits": {"users": 3, "testRuns": 100},
         "features": [{"key": "communitySupport", "enabled": true, "text": "community support"}]},
        {"id": "team", "name": "Team", "rank": 1, "price": {"amount": 9900, "currency": "usd"},
         "yearlyPrice": {"amount": 99000, "currency": "usd"}, "trialDays": 14,
         "limits": {"users": 20, "testRuns": 1000},
         "features": [{"key": "emailSupport", "enabled": true, "text": "email support"}]},
        {"id": "enterprise", "name": "Enterprise", "rank": 2,
         "price": {"amount": 49900, "currency": "usd"},
         "limits": {"users": null, "testRuns": null},
         "features": [{"key": "prioritySupport", "enabled": true, "text": "priority support"},
                      {"key": "sso", "enabled": false, "text": "SSO (coming soon)"}]}
      ]}
      """;

  private static Path workDir;
  private static FakeStripeApi stripe;
  private static BillingServer server;
  private static ApiClient api;
  private static String origin;

  @BeforeAll
  static void startServer() throws Exception {
    workDir = Files.createTempDirectory("pricing-page");
    Files.writeString(workDir.resolve("catalog.json"), CATALOG, StandardCharsets.UTF_8);
    stripe =
        new FakeStripeApi(
            Map.of(
                TestServers.TEAM_PRICE,
                9900L,
                TEAM_YEARLY_PRICE,
                99000L,
                TestServers.ENTERPRISE_PRICE,
                49900L));
    server =
        TestServers.startWithPage(
            workDir,
            stripe.baseUrl(),
            Map.of(
                "BILLING_CATALOG_FILE",
                "catalog.json",
                "STRIPE_TEAM_YEARLY_PRICE_ID",
                TEAM_YEARLY_PRICE));
    api = new ApiClient(server.port());
    origin = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (stripe != null) {
      stripe.close();
    }
  }

  @Test
  @DisplayName(
      "the toggle shows yearly prices and the trial; Upgrade at the yearly price starts the trial,"
          + " and the page shows its end and the yearly price")
  void yearlyToggleAndTrial() {
    Browser browser = chromium.browser();
    PageSteps steps = new PageSteps(browser, api);
    browser.open(origin + "/signup");
    browser.type("signup-org", "Org " + UUID.randomUUID().toString().substring(0, 6));
    browser.type("signup-email", Accounts.uniqueEmail("pricing"));
    browser.type("signup-password", Accounts.PASSWORD);
    browser.click("signup-submit");
    browser.waitForPage("/settings?tab=billing");

    assertThat(browser.testId("plan-price-team").getText()).isEqualTo("$99");
    assertThat(browser.testId("plan-card-team").getText()).contains("/ month");
    assertThat(browser.testId("plan-trial-team").getText())
        .isEqualTo("14-day free trial on your first subscription");
    assertThat(browser.displayed("plan-trial-enterprise")).isEmpty();
    assertThat(browser.testId("plan-card-enterprise").getText()).contains("SSO (coming soon)");

    browser.click("interval-year");
    browser.until(
        d -> "$990".equals(browser.testId("plan-price-team").getText()), "yearly Team price");
    assertThat(browser.testId("interval-year").getAttribute("aria-pressed")).isEqualTo("true");
    assertThat(browser.testId("plan-card-team").getText()).contains("/ year");
    assertThat(browser.testId("plan-price-enterprise").getText())
        .as("Enterprise is sold monthly only: its card keeps the monthly price")
        .isEqualTo("$499");

    browser.click("upgrade-team");
    browser.until(
        d -> browser.currentUrl().startsWith(stripe.baseUrl() + "/c/pay/cs_"), "Checkout");
    browser.click("checkout-pay");
    browser.waitForPage("/settings");
    browser.until(d -> "Team".equals(browser.testId("current-plan").getText()), "on Team");

    JsonNode overview = steps.overview();
    assertThat(overview.path("status").asText()).isEqualTo("trialing");
    assertThat(overview.path("interval").asText()).isEqualTo("year");
    Instant trialEnd = Instant.parse(overview.path("trialEnd").asText());
    assertThat(Duration.between(Instant.now(), trialEnd).toDays()).isBetween(13L, 14L);
    assertThat(browser.testId("plan-status").getAttribute("data-status")).isEqualTo("trialing");
    assertThat(browser.testId("trial-end").getAttribute("data-trial-end"))
        .isEqualTo(overview.path("trialEnd").asText());
    assertThat(browser.testId("trial-end").getText()).startsWith("Trial ends on ");
    assertThat(browser.testId("current-price").getText()).isEqualTo("$990 per year");
    steps.pageIsClean();
  }
}

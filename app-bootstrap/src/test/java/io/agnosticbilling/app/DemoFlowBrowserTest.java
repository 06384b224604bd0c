package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.sandbox.SandboxEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code demo} used as a person would: the wiring of {@code java -jar billing-server.jar demo}
 * started in-process on free ports (the server, its embedded store, the Stripe sandbox with the
 * catalog synced and webhooks delivered back), then the billing page and the sandbox's hosted
 * Checkout, Portal and control pages driven in headless Chromium. Nothing here sends a webhook or
 * touches the sandbox behind the browser's back: every state change comes from a page, and usage
 * from the API as the automation platform would record it.
 */
@DisplayName("demo in a browser: pay, cancel, resume, decline, past due on the sandbox")
class DemoFlowBrowserTest {
  private static final String GOOD_CARD = "4242 4242 4242 4242";
  private static final String DECLINED_CARD = "4000 0000 0000 0002";
  private static final String FAILS_AT_RENEWAL = "4000 0000 0000 0341";

  @RegisterExtension static final BrowserExtension chromium = new BrowserExtension();

  private static Demo demo;
  private static ApiClient api;

  private Browser browser;
  private PageSteps steps;

  @BeforeAll
  static void startDemo() throws Exception {
    Path workDir = Files.createTempDirectory("billing-demo-test");
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("BILLING_DATA_DIR", workDir.resolve("data").toString());
    // The lowest bcrypt cost keeps sign-ups fast; it is not a payment setting, so demo reads it.
    env.put("PASSWORD_SALT_ROUNDS", "4");
    demo = Demo.start(env, workDir, Clock.systemUTC());
    api = new ApiClient(demo.server().port());
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void forgetSession() {
    if (browser != null) {
      browser.freshTab();
    }
  }

  @Test
  @DisplayName(
      "sign up → Free → pay for Team on the sandbox Checkout → usage moves the bar → cancel in the"
          + " Portal shows the end date → resume → a declined card changes nothing → the failing"
          + " card and the sandbox clock make it past due with the grace end shown")
  void wholeFlowOnTheSandbox() {
    browser = chromium.browser();
    steps = new PageSteps(browser, api);
    signUpInBrowser();
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");
    steps.assertUsage("testRuns", 0, "100", "ok");
    steps.assertUsage("users", 1, "3", "ok");
    steps.pageIsClean();

    browser.click("upgrade-team");
    waitForSandbox("/c/pay/cs_");
    assertThat(browser.testId("checkout-plan").getText()).contains("Team");
    browser.type("checkout-card-number", GOOD_CARD);
    browser.click("checkout-pay");
    browser.waitForPage("/settings?tab=billing");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Team");
    assertThat(browser.testId("plan-status").getAttribute("data-status")).isEqualTo("active");
    assertThat(browser.testId("notice").getText())
        .isEqualTo("Payment received. Your organization is now on Team.");
    steps.assertUsage("testRuns", 0, "1000", "ok");
    // The sandbox's own events reached the server's endpoint, signed with the generated secret.
    until(() -> delivered("checkout.session.completed"), "checkout webhook delivered");
    steps.pageIsClean();

    steps.recordRuns(600);
    steps.reload();
    steps.assertUsage("testRuns", 600, "1000", "50");

    browser.click("manage-billing");
    waitForSandbox("/p/session/");
    browser.click("portal-cancel");
    assertThat(browser.testId("portal-notice").isDisplayed()).isTrue();
    browser.click("portal-return");
    browser.waitForPage("/settings?tab=billing");
    // The Portal's change reaches the server by webhook only: the page shows it once delivered.
    reloadUntil(() -> browser.testId("plan-detail").getText().contains("ends on"), "end date");
    JsonNode canceling = steps.overview();
    assertThat(canceling.get("cancelAtPeriodEnd").asBoolean()).isTrue();
    assertThat(browser.testId("plan-detail").getAttribute("data-ends-at"))
        .isEqualTo(canceling.get("accessEndsAt").asText());
    assertThat(browser.testId("plan-status").getText()).isEqualTo("Active, canceling");
    steps.pageIsClean();

    browser.click("resume-subscription");
    browser.until(d -> browser.testId("plan-detail").getText().startsWith("Renews on"), "resumed");
    assertThat(steps.overview().get("cancelAtPeriodEnd").asBoolean()).isFalse();

    browser.click("manage-billing");
    waitForSandbox("/p/session/");
    String cardBefore = browser.testId("portal-card").getText();
    // The refusal is answered 400, as Stripe's Portal answers it; the test means it.
    browser.expectFailedRequest(browser.currentPath(), 400);
    browser.type("portal-card-number", DECLINED_CARD);
    browser.click("portal-update-card");
    assertThat(browser.testId("portal-error").getText()).isEqualTo("Your card was declined.");
    assertThat(browser.testId("portal-card").getText()).isEqualTo(cardBefore).endsWith("4242");
    browser.click("portal-return");
    browser.waitForPage("/settings?tab=billing");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Team");
    assertThat(browser.testId("plan-status").getAttribute("data-status")).isEqualTo("active");
    assertThat(browser.testId("plan-detail").getText()).startsWith("Renews on");

    browser.click("manage-billing");
    waitForSandbox("/p/session/");
    browser.type("portal-card-number", FAILS_AT_RENEWAL);
    browser.click("portal-update-card");
    browser.until(d -> browser.testId("portal-card").getText().endsWith("0341"), "card 0341");
    String portal = browser.currentUrl();

    advanceSandboxClockDays(32);
    until(() -> delivered("invoice.payment_failed"), "failed renewal delivered");

    browser.open(portal);
    browser.click("portal-return");
    browser.waitForPage("/settings?tab=billing");
    reloadUntil(
        () -> "past_due".equals(browser.testId("plan-status").getAttribute("data-status")),
        "past due");
    JsonNode pastDue = steps.overview();
    assertThat(pastDue.get("status").asText()).isEqualTo("past_due");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Team");
    assertThat(browser.testId("plan-status").getText()).isEqualTo("Payment past due");
    WebElement detail = browser.testId("plan-detail");
    assertThat(detail.getAttribute("data-grace-ends"))
        .isEqualTo(pastDue.get("accessEndsAt").asText());
    assertThat(detail.getText()).startsWith("Your last payment failed. Update your card");
    steps.pageIsClean();
  }

  @Test
  @DisplayName(
      "a declined card on the sandbox Checkout says why and leaves the organization on Free")
  void declinedCardAtCheckoutChangesNothing() {
    browser = chromium.browser();
    steps = new PageSteps(browser, api);
    signUpInBrowser();

    browser.click("upgrade-team");
    waitForSandbox("/c/pay/cs_");
    browser.expectFailedRequest(browser.currentPath(), 402);
    browser.type("checkout-card-number", DECLINED_CARD);
    browser.click("checkout-pay");
    assertThat(browser.testId("checkout-error").getText()).isEqualTo("Your card was declined.");
    browser.click("checkout-cancel");
    browser.waitForPage("/settings?tab=billing");

    assertThat(browser.testId("notice").getText()).contains("Nothing was charged");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");
    JsonNode overview = steps.overview();
    assertThat(overview.get("plan").asText()).isEqualTo("free");
    assertThat(browser.testId("plan-status").getAttribute("data-status")).isEqualTo("none");
    steps.pageIsClean();
  }

  @Test
  @DisplayName(
      "pay for Enterprise → its invoice is listed → a downgrade to Team is scheduled for the period"
          + " end and shown → undone → scheduled again → the sandbox clock passes the end: Team,"
          + " two invoices → cancel now, confirmed, ends it")
  void scheduledDowngradeInvoicesAndCancelNow() {
    browser = chromium.browser();
    steps = new PageSteps(browser, api);
    signUpInBrowser();
    assertThat(browser.testId("invoice-list").getAttribute("data-count")).isEqualTo("0");

    browser.click("upgrade-enterprise");
    waitForSandbox("/c/pay/cs_");
    browser.type("checkout-card-number", GOOD_CARD);
    browser.click("checkout-pay");
    browser.waitForPage("/settings?tab=billing");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Enterprise");
    browser.until(
        d -> "1".equals(browser.testId("invoice-list").getAttribute("data-count")), "an invoice");
    WebElement invoice = browser.testId("invoice");
    assertThat(invoice.getText()).contains("$499").contains("Paid");
    assertThat(invoice.findElement(By.partialLinkText("View")).getAttribute("href"))
        .startsWith(demo.sandbox().baseUrl() + "/i/in_");

    String periodEnd = steps.overview().get("currentPeriod").get("end").asText();
    browser.click("change-plan-team");
    browser.until(d -> browser.testId("scheduled-change").isDisplayed(), "scheduled change");
    assertThat(browser.testId("scheduled-change").getAttribute("data-plan")).isEqualTo("team");
    assertThat(browser.testId("scheduled-change").getAttribute("data-at")).isEqualTo(periodEnd);
    assertThat(browser.testId("scheduled-change-text").getText()).startsWith("Moves to Team on");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Enterprise");
    assertThat(steps.overview().get("scheduledChange").get("plan").asText()).isEqualTo("team");
    steps.pageIsClean();

    browser.click("undo-scheduled-change");
    browser.until(d -> browser.displayed("scheduled-change").isEmpty(), "change undone");
    assertThat(steps.overview().get("scheduledChange").isNull()).isTrue();

    // Scheduling the same change again after the undo is a new request at the sandbox.
    browser.click("change-plan-team");
    browser.until(d -> browser.testId("scheduled-change").isDisplayed(), "scheduled again");
    steps.reload();
    assertThat(browser.testId("scheduled-change").getAttribute("data-plan")).isEqualTo("team");

    advanceSandboxClockDays(32);
    browser.open(demo.origin() + "/settings?tab=billing");
    browser.waitForPage("/settings?tab=billing");
    reloadUntil(
        () -> browser.testId("current-plan").getText().equals("Team"), "Team after the end");
    assertThat(browser.displayed("scheduled-change")).isEmpty();
    reloadUntil(
        () -> "2".equals(browser.testId("invoice-list").getAttribute("data-count")),
        "the renewal's invoice");
    assertThat(browser.testId("invoice").getText()).contains("$99");

    browser.click("cancel-now");
    browser.click("cancel-now-confirm");
    browser.until(
        d -> "canceled".equals(browser.testId("plan-status").getAttribute("data-status")),
        "ended now");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");
    assertThat(steps.overview().get("status").asText()).isEqualTo("canceled");
    steps.pageIsClean();
  }

  // ---- steps ----

  private void signUpInBrowser() {
    browser.open(demo.signUpUrl());
    browser.type("signup-org", "Org " + UUID.randomUUID().toString().substring(0, 6));
    browser.type("signup-email", Accounts.uniqueEmail("demo"));
    browser.type("signup-password", Accounts.PASSWORD);
    browser.click("signup-submit");
    browser.waitForPage("/settings?tab=billing");
  }

  /**
   * Advances the sandbox's test clock on its control page and waits until the page shows the new
   * clock. The form posts and redirects back to {@code /sandbox}, the page it was sent from, so the
   * URL alone says nothing: opening another page before the answer came could let the form's
   * navigation land afterwards and take the browser back to the control page.
   */
  private void advanceSandboxClockDays(int days) {
    browser.open(demo.sandboxControlUrl());
    String before = browser.testId("sandbox-clock").getText();
    browser.type("sandbox-advance-days", String.valueOf(days));
    browser.click("sandbox-advance");
    browser.until(
        d ->
            browser.currentPath().equals("/sandbox")
                && !browser.testId("sandbox-clock").getText().equals(before),
        "the control page showing the advanced clock");
  }

  /** Waits for a hosted page of the demo's sandbox (not any other Stripe). */
  private void waitForSandbox(String pathPrefix) {
    String prefix = demo.sandbox().baseUrl() + pathPrefix;
    browser.until(d -> browser.currentUrl().startsWith(prefix), prefix);
    browser.waitForPath(pathPrefix);
  }

  private static boolean delivered(String type) {
    List<SandboxEvent> events = demo.sandbox().events();
    return events.stream().anyMatch(e -> e.type().equals(type) && e.delivered());
  }

  private void until(BooleanSupplier condition, String what) {
    browser.until(d -> condition.getAsBoolean(), what);
  }

  /** Reloads the billing page until it shows what a webhook changed. */
  private void reloadUntil(BooleanSupplier shown, String what) {
    Instant deadline = Instant.now().plus(Browser.WAIT);
    while (true) {
      steps.reload();
      if (shown.getAsBoolean()) {
        return;
      }
      assertThat(Instant.now()).as("the page shows " + what).isBefore(deadline);
      sleep(Duration.ofMillis(200));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

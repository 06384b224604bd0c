package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import io.agnosticbilling.app.ApiClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The billing page in headless Chromium, served by the real server (embedded store, Stripe adapter
 * against the local Stripe-shaped fake and its bare hosted pages), used as a person would: through
 * the page's controls, with usage recorded through the API as the automation platform would.
 *
 * <p>Each scenario ends with {@link #pageIsClean()}: no console error, no horizontal scroll at 360
 * px, every control reachable by Tab. {@code -Dbilling.page.screenshots=<dir>} also saves the
 * screenshots of {@code docs/billing-page.md}.
 */
@DisplayName("The billing page in a browser")
class BillingPageTest {
  @RegisterExtension static final BrowserExtension chromium = new BrowserExtension();

  private static Path workDir;
  private static FakeStripeApi stripe;
  private static BillingServer server;
  private static ApiClient api;
  private static String origin;

  private Browser browser;

  @BeforeAll
  static void startServer() throws Exception {
    workDir = Files.createTempDirectory("billing-page");
    stripe = new FakeStripeApi(TestServers.PRICES);
    server = TestServers.startWithPage(workDir, stripe.baseUrl());
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

  @AfterEach
  void forgetSession() {
    if (browser != null) {
      browser.freshTab();
    }
  }

  @Test
  @DisplayName(
      "sign-up lands on Free with usage bars; usage recorded through the API moves the bar through"
          + " the alert colours and records the alerts")
  void signUpThenUsageMovesTheBar() {
    browser = chromium.browser();
    signUpInBrowser();

    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");
    assertThat(browser.testId("plan-status").getAttribute("data-status")).isEqualTo("none");
    assertThat(browser.testId("plan-card-free").getAttribute("data-current")).isEqualTo("true");
    assertThat(browser.testId("plan-card-free").getText()).containsIgnoringCase("Current plan");
    assertThat(browser.testId("plan-card-team").getText()).contains("$99", "1,000 test runs");
    assertThat(browser.testId("upgrade-team").getText()).isEqualTo("Upgrade to Team");
    assertThat(browser.testId("upgrade-enterprise").isDisplayed()).isTrue();
    assertUsage("testRuns", 0, "100", "ok");
    assertUsage("users", 1, "3", "ok");
    assertThat(browser.testId("alert-list").getText()).isEqualTo("No alerts this period.");
    assertThat(browser.displayed("manage-billing")).isEmpty();
    assertThat(browser.displayed("cancel-subscription")).isEmpty();

    recordRuns(60);
    reload();
    assertUsage("testRuns", 60, "100", "50");
    assertThat(barFraction("testRuns")).isBetween(0.58, 0.62);
    assertThat(alertThresholds()).containsExactly("50");

    recordRuns(25);
    reload();
    assertUsage("testRuns", 85, "100", "80");
    assertThat(barFraction("testRuns")).isBetween(0.83, 0.87);
    recordRuns(5);
    reload();
    assertUsage("testRuns", 90, "100", "90");
    recordRuns(10);
    Reply refused = recordRunsReply(1);
    reload();

    assertThat(refused.status()).isEqualTo(402);
    assertUsage("testRuns", 100, "100", "100");
    assertThat(alertThresholds()).containsExactly("100", "90", "80", "50");
    assertThat(browser.testId("usage-testRuns").getText()).contains("Limit reached");
    assertThat(browser.testId("usage-upgrade-testRuns").getText()).isEqualTo("Upgrade to Team");
    screenshot("billing-page-desktop.png", 1000);
    pageIsClean();
  }

  @Test
  @DisplayName(
      "members are added from the page and move the seats bar; at the limit the refusal shows the"
          + " API's sentence and an Upgrade button that opens Checkout")
  void membersThenSeatRefusalThenUpgradeToCheckout() {
    browser = chromium.browser();
    signUpInBrowser();

    addMemberInBrowser(Accounts.uniqueEmail("second"), "member");
    assertUsage("users", 2, "3", "50");
    assertThat(browser.testId("notice").getText()).contains("was added as a member");
    addMemberInBrowser(Accounts.uniqueEmail("third"), "admin");
    assertUsage("users", 3, "3", "100");
    assertThat(browser.testId("member-list").findElements(org.openqa.selenium.By.tagName("li")))
        .hasSize(3);

    browser.expectFailedRequest("/api/organization/members", 402);
    addMemberInBrowser(Accounts.uniqueEmail("fourth"), "member");
    WebElement error = browser.testId("error-message");
    Accounts.Account pageAdmin = new Accounts.Account(null, token(), null);
    String apiSentence =
        Accounts.addMember(api, pageAdmin, Accounts.uniqueEmail("api"), "member")
            .json()
            .get("detail")
            .asText();

    assertThat(apiSentence).contains("3 of 3 users", "Upgrade to Team");
    assertThat(error.getText()).isEqualTo(apiSentence);
    assertThat(browser.testId("refusal-upgrade").getText()).isEqualTo("Upgrade to Team");
    assertThat(browser.testId("member-list").findElements(org.openqa.selenium.By.tagName("li")))
        .hasSize(3);
    pageIsClean();

    browser.click("refusal-upgrade");
    waitForHostedCheckout();
    assertThat(browser.displayed("checkout-pay")).isPresent();
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @DisplayName(
      "an admin promotes a member, demotes it again by keyboard, removes another (its token is"
          + " refused at once, a seat is free), and is told why it cannot remove itself")
  void adminManagesTheTeamFromTheMemberList() {
    browser = chromium.browser();
    PageSteps steps = steps();
    String adminEmail = signUpInBrowser();
    Accounts.Account admin = new Accounts.Account(adminEmail, steps.token(), null);
    String bobEmail = Accounts.uniqueEmail("bob");
    String cyEmail = Accounts.uniqueEmail("cy");
    assertThat(Accounts.addMember(api, admin, bobEmail, "member").status()).isEqualTo(201);
    assertThat(Accounts.addMember(api, admin, cyEmail, "member").status()).isEqualTo(201);
    String cyToken = Accounts.logIn(api, cyEmail);
    steps.reload();
    String bob = memberId(admin, bobEmail);
    String cy = memberId(admin, cyEmail);
    String self = memberId(admin, adminEmail);
    assertThat(rows()).hasSize(3);
    assertThat(browser.testId("seats-left").getText()).contains("3 of 3 seats used", "0 left");
    steps.pageIsClean();

    // Promote with the mouse: pick the role, then Save.
    new Select(browser.testId("member-role-select-" + bob)).selectByValue("admin");
    browser.click("member-role-save-" + bob);
    browser.until(
        d -> browser.testId("notice").getText().contains(bobEmail + " is now an admin"),
        "promotion notice");
    assertThat(roleOf(admin, bobEmail)).isEqualTo("admin");

    // Demote with the keyboard alone: focus the selector, arrow to Member, Tab to Save, Enter.
    WebElement select = browser.testId("member-role-select-" + bob);
    assertThat(labelOf(select)).isEqualTo("Role of " + bobEmail);
    browser.script("arguments[0].focus()", select);
    new Actions(browser.driver()).sendKeys(Keys.ARROW_UP).perform();
    assertThat(new Select(select).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("member");
    assertThat(roleOf(admin, bobEmail)).as("choosing alone changes nothing").isEqualTo("admin");
    new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
    assertThat(browser.script("return document.activeElement.dataset.testid"))
        .isEqualTo("member-role-save-" + bob);
    new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
    browser.until(
        d -> browser.testId("notice").getText().contains(bobEmail + " is now a member"),
        "demotion notice");
    assertThat(roleOf(admin, bobEmail)).isEqualTo("member");

    // Remove Cy: confirm, the row goes, a seat is free, Cy's token is refused at once.
    browser.click("member-remove-" + cy);
    browser.driver().switchTo().alert().accept();
    browser.until(d -> rows().size() == 2, "two members left");
    assertThat(browser.testId("member-list").getText()).doesNotContain(cyEmail);
    assertThat(browser.testId("notice").getText()).contains(cyEmail + " was removed");
    steps.assertUsage("users", 2, "3", "50");
    assertThat(browser.testId("seats-left").getText()).contains("2 of 3 seats used", "1 left");
    assertThat(api.get("/api/billing", cyToken).status()).isEqualTo(401);
    steps.pageIsClean();

    // The last admin: removing yourself is refused with the API's sentence in error-message.
    browser.expectFailedRequest("/api/organization/members/" + self, 409);
    browser.click("member-remove-" + self);
    browser.driver().switchTo().alert().accept();
    WebElement error = browser.testId("error-message");
    Reply refusal = api.delete("/api/organization/members/" + self, admin.token());
    assertThat(refusal.status()).isEqualTo(409);
    assertThat(refusal.json().path("code").asText()).isEqualTo("last_admin");
    assertThat(error.getText()).isEqualTo(refusal.json().path("detail").asText());
    assertThat(rows()).hasSize(2);
    steps.pageIsClean();
  }

  // ---- team management steps ----

  private List<WebElement> rows() {
    return browser.testId("member-list").findElements(By.tagName("li"));
  }

  private String labelOf(WebElement control) {
    return (String) browser.script("return arguments[0].labels[0].textContent.trim()", control);
  }

  private static JsonNode members(Accounts.Account admin) {
    Reply reply = api.get("/api/organization/members", admin.token());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static String memberId(Accounts.Account admin, String email) {
    return member(admin, email).path("id").asText();
  }

  private static String roleOf(Accounts.Account admin, String email) {
    return member(admin, email).path("role").asText();
  }

  private static JsonNode member(Accounts.Account admin, String email) {
    List<JsonNode> found = new ArrayList<>();
    members(admin)
        .forEach(
            m -> {
              if (m.path("email").asText().equals(email)) {
                found.add(m);
              }
            });
    assertThat(found).as(email).hasSize(1);
    return found.get(0);
  }

  @Test
  @DisplayName(
      "Upgrade goes to Checkout; coming back canceled changes nothing; paying returns to the page,"
          + " which confirms the session at once and shows Team")
  void upgradePayReturnConfirms() {
    browser = chromium.browser();
    signUpInBrowser();

    browser.click("upgrade-team");
    waitForHostedCheckout();
    browser.click("checkout-cancel");
    browser.waitForPage("/settings?tab=billing");
    assertThat(browser.testId("notice").getText()).contains("canceled", "Nothing was charged");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");

    browser.click("upgrade-team");
    waitForHostedCheckout();
    String sessionId = browser.currentUrl().substring(browser.currentUrl().lastIndexOf('/') + 1);
    browser.click("checkout-pay");
    browser.waitForPage("/settings");

    // No webhook was sent in this test: the page's confirmation alone moved the organization.
    assertThat(stripe.requests()).contains("GET /v1/checkout/sessions/" + sessionId);
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Team");
    assertThat(browser.testId("plan-status").getAttribute("data-status")).isEqualTo("active");
    assertThat(browser.testId("notice").getText())
        .isEqualTo("Payment received. Your organization is now on Team.");
    assertThat(browser.currentPath()).isEqualTo("/settings?tab=billing");
    assertUsage("testRuns", 0, "1000", "ok");
    assertUsage("users", 1, "20", "ok");
    assertThat(browser.testId("plan-card-team").getAttribute("data-current")).isEqualTo("true");
    assertThat(browser.testId("plan-card-free").getAttribute("data-current")).isEqualTo("false");
    assertThat(browser.displayed("upgrade-team")).isEmpty();
    assertThat(browser.testId("manage-billing").isDisplayed()).isTrue();
    assertThat(overview().get("plan").asText()).isEqualTo("team");
    screenshot("billing-page-360.png", 360);
    pageIsClean();
  }

  @Test
  @DisplayName(
      "on Team: cancel shows the end date, resume keeps the plan, Enterprise and back is a plan"
          + " change, Manage billing opens the Portal and returns")
  void cancelResumeChangePlanPortal() {
    browser = chromium.browser();
    signUpInBrowser();
    payForTeamInBrowser();

    browser.click("cancel-subscription");
    WebElement detail = browser.testId("plan-detail");
    browser.until(d -> detail.getText().contains("ends on"), "cancellation date");
    JsonNode canceled = overview();
    assertThat(canceled.get("cancelAtPeriodEnd").asBoolean()).isTrue();
    assertThat(detail.getAttribute("data-ends-at"))
        .isEqualTo(canceled.get("accessEndsAt").asText());
    assertThat(browser.testId("plan-status").getText()).isEqualTo("Active, canceling");
    assertThat(browser.displayed("cancel-subscription")).isEmpty();
    pageIsClean();

    browser.click("resume-subscription");
    browser.testId("cancel-subscription");
    assertThat(browser.displayed("resume-subscription")).isEmpty();
    assertThat(browser.testId("plan-detail").getText()).startsWith("Renews on");
    assertThat(overview().get("cancelAtPeriodEnd").asBoolean()).isFalse();

    browser.click("upgrade-enterprise");
    browser.until(d -> "Enterprise".equals(browser.testId("current-plan").getText()), "Enterprise");
    assertUsage("testRuns", 0, "unlimited", "unlimited");
    // The page's downgrade waits for the period end (a Stripe subscription schedule, which this
    // fake does not serve; DemoFlowBrowserTest drives it on the sandbox): offered with its date.
    assertThat(browser.testId("change-plan-team").getText())
        .isEqualTo(
            "Switch to Team on "
                + browser.testId("plan-detail").findElement(By.tagName("time")).getText());
    assertThat(
            api.post("/api/billing/change-plan", "{\"plan\":\"team\",\"when\":\"now\"}", token())
                .status())
        .isEqualTo(200);
    steps().reload();
    browser.until(d -> "Team".equals(browser.testId("current-plan").getText()), "back on Team");
    assertThat(overview().get("plan").asText()).isEqualTo("team");

    browser.click("manage-billing");
    waitForHostedPortal();
    browser.click("portal-return");
    browser.waitForPage("/settings?tab=billing");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Team");
    pageIsClean();
  }

  @Test
  @DisplayName(
      "a failed renewal reported by webhooks: the page shows past due, the paid plan kept and the"
          + " date the grace ends")
  void pastDueShowsWhenGraceEnds() {
    browser = chromium.browser();
    signUpInBrowser();
    String sessionId = payForTeamInBrowser();
    String subscriptionId = stripe.session(sessionId).get("subscription").getAsString();
    long now = Instant.now().getEpochSecond();
    JsonObject pastDue = stripe.update(subscriptionId, s -> s.addProperty("status", "past_due"));

    deliver("invoice.payment_failed", now, StripeEvents.invoice(pastDue, false, now));
    deliver("customer.subscription.updated", now + 1, pastDue);
    reload();

    JsonNode overview = overview();
    assertThat(overview.get("status").asText()).isEqualTo("past_due");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Team");
    WebElement status = browser.testId("plan-status");
    assertThat(status.getAttribute("data-status")).isEqualTo("past_due");
    assertThat(status.getText()).isEqualTo("Payment past due");
    WebElement detail = browser.testId("plan-detail");
    assertThat(detail.getAttribute("data-grace-ends"))
        .isEqualTo(overview.get("accessEndsAt").asText());
    assertThat(detail.getText()).startsWith("Your last payment failed. Update your card");
    assertThat(browser.testId("manage-billing").isDisplayed()).isTrue();
    pageIsClean();
  }

  @Test
  @DisplayName(
      "the page sends a visitor without a session to log in; a wrong password says why; logging"
          + " in comes back; logging out forgets the session")
  void loginAndLogout() {
    browser = chromium.browser();
    Accounts.Account account = Accounts.signUp(api);

    browser.open(origin + "/settings?tab=billing");
    browser.waitForPath("/login?next=");
    browser.expectFailedRequest("/api/auth/login", 401);
    browser.type("login-email", account.email());
    browser.type("login-password", "not the password");
    browser.click("login-submit");
    String refusal =
        api.post(
                "/api/auth/login",
                ApiClient.json(Map.of("email", account.email(), "password", "still wrong")),
                null)
            .json()
            .get("detail")
            .asText();
    assertThat(browser.testId("error-message").getText()).isEqualTo(refusal);
    pageIsClean();

    browser.type("login-password", Accounts.PASSWORD);
    browser.click("login-submit");
    browser.waitForPage("/settings?tab=billing");
    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");
    assertThat(browser.driver().findElement(org.openqa.selenium.By.id("user-email")).getText())
        .isEqualTo(account.email());

    browser.click("logout");
    browser.waitForPath("/login");
    browser.open(origin + "/");
    browser.waitForPath("/login?next=");
    assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @DisplayName(
      "a member (not an admin) sees plan, usage and team, but no control only admins may use")
  void memberSeesNoAdminControls() {
    browser = chromium.browser();
    Accounts.Account admin = Accounts.signUp(api);
    String memberEmail = Accounts.uniqueEmail("member");
    Reply added = Accounts.addMember(api, admin, memberEmail, "member");
    assertThat(added.status()).as(added.body()).isEqualTo(201);

    browser.open(origin + "/login");
    browser.type("login-email", memberEmail);
    browser.type("login-password", Accounts.PASSWORD);
    browser.click("login-submit");
    browser.waitForPage("/settings?tab=billing");

    assertThat(browser.testId("current-plan").getText()).isEqualTo("Free");
    assertUsage("users", 2, "3", "50");
    assertThat(browser.testId("member-list").getText()).contains(admin.email(), memberEmail);
    assertThat(browser.testId("plan-card-team").getText()).contains("An admin can change the plan");
    for (String adminOnly :
        List.of(
            "upgrade-team",
            "upgrade-enterprise",
            "manage-billing",
            "cancel-subscription",
            "member-add")) {
      assertThat(browser.displayed(adminOnly)).as(adminOnly).isEmpty();
    }
    pageIsClean();
  }

  // ---- steps ----

  private String signUpInBrowser() {
    String email = Accounts.uniqueEmail("page");
    browser.open(origin + "/signup");
    assertNarrowAndKeyboard();
    browser.type("signup-org", "Org " + UUID.randomUUID().toString().substring(0, 6));
    browser.type("signup-email", email);
    browser.type("signup-password", Accounts.PASSWORD);
    browser.click("signup-submit");
    browser.waitForPage("/settings?tab=billing");
    return email;
  }

  /** Upgrade to Team, pay on the hosted page, back on Team; returns the Checkout session id. */
  private String payForTeamInBrowser() {
    browser.click("upgrade-team");
    waitForHostedCheckout();
    String sessionId = browser.currentUrl().substring(browser.currentUrl().lastIndexOf('/') + 1);
    browser.click("checkout-pay");
    browser.waitForPage("/settings");
    browser.until(d -> "Team".equals(browser.testId("current-plan").getText()), "on Team");
    return sessionId;
  }

  /**
   * Waits for the payment provider's hosted Checkout page: the URL the API answered with, of the
   * provider the server was started against (the one line to change for another provider).
   */
  private void waitForHostedCheckout() {
    browser.until(
        d -> browser.currentUrl().startsWith(stripe.baseUrl() + "/c/pay/cs_"), "Checkout");
  }

  private void waitForHostedPortal() {
    browser.until(d -> browser.currentUrl().startsWith(stripe.baseUrl() + "/p/session/"), "Portal");
  }

  /** A webhook as Stripe would send it, signed with the server's secret; it must be accepted. */
  private static void deliver(String type, long created, JsonObject object) {
    String payload = StripeEvents.event(StripeEvents.newEventId(), type, created, object);
    Reply reply =
        api.webhook(
            payload,
            StripeEvents.signature(
                payload, Instant.now().getEpochSecond(), TestServers.WEBHOOK_SECRET));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private void addMemberInBrowser(String email, String role) {
    browser.type("member-email", email);
    browser.type("member-password", Accounts.PASSWORD);
    new org.openqa.selenium.support.ui.Select(browser.testId("member-role")).selectByValue(role);
    String before = browser.testId("member-list").getText();
    browser.click("member-add");
    browser.until(
        d ->
            !browser.testId("member-list").getText().equals(before)
                || browser.displayed("error-message").isPresent(),
        "member added or refused");
  }

  private PageSteps steps() {
    return new PageSteps(browser, api);
  }

  private void reload() {
    steps().reload();
  }

  private String token() {
    return steps().token();
  }

  private JsonNode overview() {
    return steps().overview();
  }

  private void recordRuns(int quantity) {
    steps().recordRuns(quantity);
  }

  private Reply recordRunsReply(int quantity) {
    return steps().recordRunsReply(quantity);
  }

  // ---- checks ----

  private void assertUsage(String metric, long used, String limit, String level) {
    steps().assertUsage(metric, used, limit, level);
  }

  /** How much of the bar's track the fill covers, as the browser laid it out. */
  private double barFraction(String metric) {
    return ((Number)
            browser.script(
                "const u = document.querySelector(\"[data-testid='usage-\" + arguments[0] + \"']\");"
                    + " return u.querySelector('.meter-fill').getBoundingClientRect().width"
                    + " / u.querySelector('.meter').getBoundingClientRect().width;",
                metric))
        .doubleValue();
  }

  @SuppressWarnings("unchecked")
  private List<String> alertThresholds() {
    return (List<String>)
        browser.script(
            "return [...document.querySelectorAll(\"[data-testid='alert-list'] li[data-threshold]\")]"
                + ".map(li => li.dataset.threshold)");
  }

  private void pageIsClean() {
    steps().pageIsClean();
  }

  private void assertNarrowAndKeyboard() {
    steps().assertNarrowAndKeyboard();
  }

  private void screenshot(String name, int width) {
    String dir = System.getProperty("billing.page.screenshots");
    if (dir != null) {
      browser.screenshotFullPage(Path.of(dir).resolve(name), width);
    }
  }
}

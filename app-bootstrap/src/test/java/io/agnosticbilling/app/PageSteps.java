package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agnosticbilling.app.ApiClient.Reply;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.WebElement;

/**
 * The steps and checks the billing page's browser tests share: the signed-in tab's token, the API
 * beside the page, and the checks every page state must pass (360 px, Tab, console).
 */
final class PageSteps {
  private final Browser browser;
  private final ApiClient api;

  PageSteps(Browser browser, ApiClient api) {
    this.browser = browser;
    this.api = api;
  }

  /** The token the page keeps in the tab's {@code sessionStorage}. */
  String token() {
    return (String)
        browser.script(
            "return JSON.parse(sessionStorage.getItem('agnosticBilling.session')).token");
  }

  /** {@code GET /api/billing} as the page's user. */
  JsonNode overview() {
    Reply reply = api.get("/api/billing", token());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /** Records test runs through the API, as the automation platform would; must be accepted. */
  void recordRuns(int quantity) {
    Reply reply = recordRunsReply(quantity);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  Reply recordRunsReply(int quantity) {
    return api.post(
        "/api/usage/test-runs",
        ApiClient.json(Map.of("runId", UUID.randomUUID().toString(), "quantity", quantity)),
        token());
  }

  void reload() {
    browser.driver().navigate().refresh();
    browser.waitForPage("/settings");
  }

  void assertUsage(String metric, long used, String limit, String level) {
    WebElement usage = browser.testId("usage-" + metric);
    browser.until(
        d -> Long.toString(used).equals(usage.getAttribute("data-used")), metric + " = " + used);
    assertThat(usage.getAttribute("data-limit")).as(metric + " limit").isEqualTo(limit);
    assertThat(usage.getAttribute("data-level")).as(metric + " level").isEqualTo(level);
  }

  /** No console error so far, and the page as it is now works at 360 px and by keyboard. */
  void pageIsClean() {
    assertNarrowAndKeyboard();
    assertThat(browser.consoleErrors()).as("console errors").isEmpty();
  }

  void assertNarrowAndKeyboard() {
    List<String> controls = browser.visibleControls();
    assertThat(controls).as("visible controls").isNotEmpty();
    assertThat(browser.tabOrder()).as("Tab order").containsAll(controls);
    assertThat(browser.viewportWidth(360)).isEqualTo(360);
    assertThat(browser.scrollsHorizontally()).as("horizontal scroll at 360 px").isFalse();
    assertThat(browser.tabOrder()).as("Tab order at 360 px").containsAll(browser.visibleControls());
    browser.desktopViewport();
  }
}

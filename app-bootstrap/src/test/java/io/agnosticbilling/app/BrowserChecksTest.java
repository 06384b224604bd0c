package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The checks every page scenario relies on catch what they claim to, on deliberately bad pages. */
@DisplayName("The browser checks can fail")
class BrowserChecksTest {
  @RegisterExtension static final BrowserExtension chromium = new BrowserExtension();

  @AfterEach
  void freshTab() {
    chromium.browser().freshTab();
  }

  @Test
  @DisplayName("a script error is a console error")
  void consoleErrorsAreSeen() {
    Browser browser = chromium.browser();
    browser.open(page("<button>ok</button><script>throw new Error('broken page')</script>"));

    assertThat(browser.consoleErrors()).anySatisfy(e -> assertThat(e).contains("broken page"));
  }

  @Test
  @DisplayName(
      "a page wider than 360 px scrolls; a control with tabindex -1 is not in the Tab order")
  void scrollAndTabOrderAreSeen() {
    Browser browser = chromium.browser();
    browser.open(
        page(
            "<div style='width:900px'>wide</div><button data-testid='first'>first</button>"
                + "<button data-testid='skipped' tabindex='-1'>skipped</button>"
                + "<button data-testid='last'>last</button>"));

    assertThat(browser.viewportWidth(360)).isEqualTo(360);
    assertThat(browser.scrollsHorizontally()).isTrue();
    assertThat(browser.tabOrder()).containsExactly("first", "last");
    browser.desktopViewport();
  }

  private static String page(String body) {
    return "data:text/html;charset=utf-8,"
        + URLEncoder.encode(
                "<!doctype html><html lang='en'><head><meta name='viewport' content='width=device-width'>"
                    + "<link rel='icon' href='data:,'></head><body>"
                    + body
                    + "</body></html>",
                StandardCharsets.UTF_8)
            .replace("+", "%20");
  }
}

package io.agnosticbilling.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.adapter.http.ApiHarness.Answer;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The billing page as files over HTTP: routes, media types, the CSP and what the markup may hold
 * under it. What the page does in a browser is proven in app-bootstrap's {@code BillingPageTest}.
 */
@DisplayName("The billing page is served from the classpath under default-src 'self'")
class BillingPageServingTest {
  /**
   * The contract's hooks (http-api.md, "The billing page"); those ending in '-' are built from API
   * data ({@code plan-card-team}, {@code usage-testRuns}), which the browser tests find by name.
   */
  static final List<String> CONTRACT_HOOKS =
      List.of(
          "signup-email",
          "signup-password",
          "signup-org",
          "signup-submit",
          "login-email",
          "login-password",
          "login-submit",
          "current-plan",
          "plan-status",
          "plan-card-",
          "upgrade-",
          "manage-billing",
          "cancel-subscription",
          "resume-subscription",
          "usage-",
          "alert-list",
          "member-list",
          "invoice-list",
          "error-message");

  private ApiHarness api = ApiHarness.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  @DisplayName("/, /settings, /login and /signup answer HTML under the Content-Security-Policy")
  void pageRoutesAnswerHtmlUnderTheCsp() {
    for (String path : List.of("/", "/settings?tab=billing", "/login", "/signup")) {
      Answer answer = api.get(path, null);

      assertThat(answer.status()).as(path).isEqualTo(200);
      assertThat(answer.contentType()).as(path).isEqualTo("text/html;charset=utf-8");
      assertThat(answer.header("Content-Security-Policy"))
          .as(path)
          .hasValue(BillingPage.CONTENT_SECURITY_POLICY);
      assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.body()).startsWith("<!doctype html>").contains("<html lang=\"en\">");
    }
    assertThat(BillingPage.CONTENT_SECURITY_POLICY).startsWith("default-src 'self';");
    assertThat(api.get("/api/billing/plans", null).header("Content-Security-Policy"))
        .hasValue(BillingPage.CONTENT_SECURITY_POLICY);
  }

  @Test
  @DisplayName("every asset answers with its media type; other names are a 404 problem")
  void assetsHaveTheirMediaTypesAndNothingElseIsReachable() {
    for (String name : BillingPage.ASSETS) {
      Answer answer = api.get(BillingPage.ASSETS_PATH + "/" + name, null);

      assertThat(answer.status()).as(name).isEqualTo(200);
      assertThat(answer.contentType())
          .as(name)
          .isEqualTo(BillingPage.mediaType(name).orElseThrow());
      assertThat(answer.body()).as(name).isNotBlank();
    }
    for (String path :
        List.of(
            "/billing-assets/missing.js",
            "/billing-assets/..%2FBillingPage.class",
            "/billing-assets/billing.html")) {
      Answer answer = api.get(path, null);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
    }
    // Jetty refuses an encoded dot segment before any route sees it.
    assertThat(api.get("/billing-assets/%2e%2e%2f%2e%2e%2fApiJson.class", null).status())
        .isEqualTo(400);
  }

  @Test
  @DisplayName(
      "the markup has no inline script, style or handler, and every script is a module of ours")
  void markupHoldsNothingTheCspWouldBlock() {
    for (String path : List.of("/settings", "/login", "/signup")) {
      String html = api.get(path, null).body();

      assertThat(html).as(path).doesNotContainIgnoringCase("<style").doesNotContain(" style=");
      assertThat(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find())
          .as(path + " has an inline event handler")
          .isFalse();
      assertThat(html).as(path).doesNotContain("http://", "https://", "javascript:");
      Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(html);
      int count = 0;
      while (scripts.find()) {
        count++;
        assertThat(scripts.group(1))
            .as(path)
            .matches(" type=\"module\" src=\"/billing-assets/[a-z]+\\.js\"");
      }
      assertThat(count).as(path).isEqualTo(1);
    }
    for (String name : BillingPage.ASSETS) {
      if (name.endsWith(".js")) {
        String js = api.get(BillingPage.ASSETS_PATH + "/" + name, null).body();
        // innerHTML would parse API data as markup; setAttribute('style') is blocked by the CSP.
        assertThat(js).as(name).doesNotContain("innerHTML", "outerHTML", "eval(", "'style'");
      }
    }
  }

  @Test
  @DisplayName("every data-testid hook of the contract is in the page")
  void contractHooksArePresent() {
    StringBuilder page = new StringBuilder();
    for (String path : List.of("/settings", "/login", "/signup")) {
      page.append(api.get(path, null).body());
    }
    for (String name : BillingPage.ASSETS) {
      page.append(api.get(BillingPage.ASSETS_PATH + "/" + name, null).body());
    }
    List<String> missing = new ArrayList<>();
    for (String hook : CONTRACT_HOOKS) {
      List<String> forms =
          hook.endsWith("-")
              ? List.of("'data-testid': `" + hook + "${")
              : List.of("data-testid=\"" + hook + "\"", "'data-testid': '" + hook + "'");
      if (forms.stream().noneMatch(page.toString()::contains)) {
        missing.add(hook);
      }
    }

    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("mounted on a host, the page is served there too; billingPage(false) leaves it out")
  void mountedPageAndOptOut() {
    api.close();
    api = ApiHarness.start(o -> o.embedded = true);
    Answer mounted = api.get("/settings?tab=billing", null);
    Answer hostRoute = api.get("/host/hello", null);

    assertThat(mounted.status()).isEqualTo(200);
    assertThat(mounted.header("Content-Security-Policy"))
        .hasValue(BillingPage.CONTENT_SECURITY_POLICY);
    assertThat(hostRoute.header("Content-Security-Policy")).isEmpty();
    api.get("/billing-assets/nothing.js", null).problem(404, "route_not_found");

    api.close();
    api =
        ApiHarness.start(
            o -> {
              o.embedded = true;
              o.billingPage = false;
            });
    Answer withoutPage = api.get("/settings", null);

    assertThat(withoutPage.status()).isEqualTo(404);
    assertThat(withoutPage.contentType()).doesNotStartWith("application/problem+json");
    assertThat(api.get("/api/billing/plans", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a host that serves / itself is told to use billingPage(false), before any route")
  void hostWithItsOwnPageIsToldTheWayOut() {
    Javalin host = Javalin.create(c -> c.showJavalinBanner = false);
    host.get("/", ctx -> ctx.result("the host's home"));
    JavalinBillingRoutes routes = JavalinBillingRoutes.builder(api.billing, api.settings).build();

    assertThatThrownBy(() -> routes.mount(host))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("billingPage(false)");
    // Nothing of the API was added: the host can mount again without the page.
    JavalinBillingRoutes withoutPage =
        JavalinBillingRoutes.builder(api.billing, api.settings).billingPage(false).build();
    assertThat(withoutPage.mount(host)).isSameAs(host);
  }
}

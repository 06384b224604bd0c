package io.agnosticbilling.app;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit extension: one headless Chromium per test class. Without Chromium or its driver the class
 * is skipped with the reason, except under {@code CI=true}, where it fails. A failing test leaves a
 * screenshot, the page's HTML and the console lines in {@code target/browser-failures/}.
 */
final class BrowserExtension
    implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
  static final Path EVIDENCE = Path.of("target", "browser-failures");

  private Browser browser;

  Browser browser() {
    return browser;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<String> missing = Browser.missing();
    if (missing.isPresent()) {
      String why = "browser tests need Chromium and chromedriver: " + missing.get();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      System.err.println("SKIPPED " + context.getDisplayName() + ": " + why);
      Assumptions.abort(why);
    }
    browser = Browser.start();
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (browser != null) {
      String name =
          context.getRequiredTestClass().getSimpleName()
              + "-"
              + context.getRequiredTestMethod().getName();
      browser.saveEvidence(EVIDENCE, name);
      failure.addSuppressed(
          new AssertionError(
              "screenshot, HTML and console saved as " + EVIDENCE.resolve(name) + ".*"));
    }
    throw failure;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }
}

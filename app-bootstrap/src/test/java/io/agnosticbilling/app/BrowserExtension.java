package io.agnosticbilling.app;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit extension: one headless Chromium per test class. Without Chromium or its driver the class
 * is skipped with the reason, except under {@code CI=true}, where it fails. A failing test leaves a
 * screenshot, the page's HTML and the console lines in {@code target/browser-failures/}.
 */
final class BrowserExtension
    implements ExecutionCondition,
        BeforeAllCallback,
        AfterAllCallback,
        TestExecutionExceptionHandler {
  static final Path EVIDENCE = Path.of("target", "browser-failures");

  private Browser browser;

  Browser browser() {
    return browser;
  }

  /**
   * Skips (with the reason, on stderr and in the report) when the browser is missing, unless CI.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> why = missingReason();
    if (why.isEmpty() || ci()) {
      return ConditionEvaluationResult.enabled("Chromium and chromedriver present, or CI");
    }
    if (context.getTestMethod().isEmpty()) {
      System.err.println("SKIPPED " + context.getDisplayName() + ": " + why.get());
    }
    return ConditionEvaluationResult.disabled(why.get());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<String> why = missingReason();
    if (why.isPresent()) {
      // Only reached under CI=true: a missing browser there is a broken build, not a skip.
      Assertions.fail(why.get());
    }
    browser = Browser.start();
  }

  private static Optional<String> missingReason() {
    return Browser.missing().map(m -> "browser tests need Chromium and chromedriver: " + m);
  }

  private static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
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

package io.agnosticbilling.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never downloaded: the driver
 * path is always given, so Selenium Manager is never asked), with helpers for what every page test
 * checks: console errors, horizontal scroll, the Tab order, screenshots.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
  static final Duration WAIT = Duration.ofSeconds(20);

  private final Path profile;
  private final ChromeDriver driver;
  private final List<String> expectedFailures = new ArrayList<>();
  private final List<LogEntry> seen = new ArrayList<>();

  private Browser(Path profile, ChromeDriver driver) {
    this.profile = profile;
    this.driver = driver;
  }

  /** Why the browser cannot run here, or empty when both executables are in place. */
  static Optional<String> missing() {
    List<String> problems = new ArrayList<>();
    for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(executable)) {
        problems.add(executable + " is missing");
      }
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(
            String.join(", ", problems)
                + " (install Debian's packages: apt-get install -y chromium chromium-driver)");
  }

  static Browser start() {
    Path profile;
    try {
      profile = Files.createTempDirectory("billing-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=en-US",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new Browser(profile, driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }

  /** The element with this {@code data-testid}, waiting until it is displayed. */
  WebElement testId(String id) {
    return until(d -> displayed(id).orElse(null), "[data-testid=" + id + "] displayed");
  }

  /** The element with this {@code data-testid} if it is in the page and displayed, now. */
  Optional<WebElement> displayed(String id) {
    return driver.findElements(byTestId(id)).stream().filter(WebElement::isDisplayed).findFirst();
  }

  static By byTestId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }

  void type(String testId, String text) {
    WebElement field = testId(testId);
    field.clear();
    field.sendKeys(text);
  }

  void click(String testId) {
    until(
            d -> {
              WebElement button = displayed(testId).orElse(null);
              return button != null && button.isEnabled() ? button : null;
            },
            testId + " enabled")
        .click();
  }

  /** Waits until the page's script has rendered ({@code body[data-ready]}) at this URL. */
  void waitForPage(String pathPrefix) {
    until(
        d ->
            currentPath().startsWith(pathPrefix)
                && "true"
                    .equals(
                        script(
                            "return document.readyState === 'complete'"
                                + " && (document.body.dataset.ready || '')")),
        () -> "page " + pathPrefix + " ready (at " + currentPath() + ")");
  }

  /** Waits until the browser is at a path starting with this prefix and the document loaded. */
  void waitForPath(String pathPrefix) {
    until(
        d ->
            currentPath().startsWith(pathPrefix)
                && "complete".equals(script("return document.readyState")),
        "at " + pathPrefix);
  }

  String currentPath() {
    String url = driver.getCurrentUrl();
    int afterScheme = url.indexOf("://");
    int slash = afterScheme < 0 ? -1 : url.indexOf('/', afterScheme + 3);
    return slash < 0 ? url : url.substring(slash);
  }

  /**
   * Polls {@code condition} until it holds. An element read while the page replaces it (a form's
   * answer rendering) is stale: the condition finds it again at the next poll.
   */
  <T> T until(ExpectedCondition<T> condition, String what) {
    return until(condition, () -> what);
  }

  /** As {@link #until(ExpectedCondition, String)}, with a message read when the wait fails. */
  <T> T until(ExpectedCondition<T> condition, Supplier<String> what) {
    return new WebDriverWait(driver, WAIT)
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  Object script(String source, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(source, args);
  }

  /**
   * Shows the page at this CSS width (device metrics override; a headless window has a minimum
   * width). Returns the viewport's width as the page sees it.
   */
  long viewportWidth(int width) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", true));
    return (Long) script("return document.documentElement.clientWidth");
  }

  void desktopViewport() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** Whether the page is wider than its viewport (a horizontal scroll bar). */
  boolean scrollsHorizontally() {
    return (Boolean)
        script(
            "const e = document.documentElement;"
                + " return e.scrollWidth > e.clientWidth || document.body.scrollWidth > e.clientWidth");
  }

  /**
   * Presses Tab until focus has gone once around the page (through the browser's own stops, where
   * no element of the page has focus) and returns the {@code data-testid} (or id, or tag and text)
   * of each element that received focus, in order from the first one after the page's start.
   */
  List<String> tabOrder() {
    List<String> order = new ArrayList<>();
    boolean leftPage = false;
    for (int i = 0; i < 120; i++) {
      new Actions(driver).sendKeys(Keys.TAB).perform();
      String name = (String) script("return " + FOCUSED_NAME);
      if (name == null) {
        if (leftPage && !order.isEmpty()) {
          break;
        }
        leftPage = true;
        order.clear();
      } else if (leftPage) {
        if (order.contains(name)) {
          break;
        }
        order.add(name);
      }
    }
    return order;
  }

  private static final String FOCUSED_NAME =
      "(() => { const e = document.activeElement;"
          + " if (!e || e === document.body || e === document.documentElement) return null;"
          + " return e.dataset.testid || e.id || e.tagName.toLowerCase()"
          + " + ':' + (e.textContent || '').trim(); })()";

  /** The testids of every visible, enabled control that Tab should reach. */
  @SuppressWarnings("unchecked")
  List<String> visibleControls() {
    return (List<String>)
        script(
            "return [...document.querySelectorAll('a[href], button, input, select, textarea')]"
                + ".filter(e => !e.disabled && e.getClientRects().length > 0 && e.tabIndex >= 0)"
                + ".map(e => e.dataset.testid || e.id || e.tagName.toLowerCase()"
                + " + ':' + (e.textContent || '').trim());");
  }

  /** A request the test means to fail (a refusal), so its console line is not an error. */
  void expectFailedRequest(String path, int status) {
    expectedFailures.add(
        path + " - Failed to load resource: the server responded with a status of " + status);
  }

  /** Console entries at SEVERE since the last call, less the failed requests the test expected. */
  List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      seen.add(entry);
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
          && expectedFailures.stream().noneMatch(entry.getMessage()::contains)) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  /**
   * Saves a screenshot, the page's HTML and the console lines under {@code dir} as {@code name.*}.
   */
  void saveEvidence(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
      List<String> lines = new ArrayList<>();
      lines.add("url: " + driver.getCurrentUrl());
      seen.forEach(e -> lines.add(e.getLevel() + " " + e.getMessage()));
      driver
          .manage()
          .logs()
          .get(LogType.BROWSER)
          .forEach(e -> lines.add(e.getLevel() + " " + e.getMessage()));
      Files.write(dir.resolve(name + ".log"), lines);
    } catch (IOException | WebDriverException e) {
      System.err.println("could not save browser evidence for " + name + ": " + e);
    }
  }

  /** Saves a screenshot of the whole page (not only the viewport) as a PNG. */
  void screenshotFullPage(Path file, int width) {
    long height = (Long) script("return document.documentElement.scrollHeight");
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      desktopViewport();
    }
  }

  /**
   * Starts the next test in a fresh tab: the page keeps its session in the tab's sessionStorage, so
   * a new tab is a signed-out visitor. Console lines of the old tab are dropped.
   */
  void freshTab() {
    String old = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    String fresh = driver.getWindowHandle();
    driver.switchTo().window(old).close();
    driver.switchTo().window(fresh);
    driver.manage().logs().get(LogType.BROWSER);
    seen.clear();
    expectedFailures.clear();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not delete " + profile + ": " + e);
      }
    }
  }
}

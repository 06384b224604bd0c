package io.agnosticbilling.app;

import io.agnosticbilling.adapter.stripe.StripeCatalogSync;
import io.agnosticbilling.sandbox.SandboxOptions;
import io.agnosticbilling.sandbox.StripeSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The {@code demo} wiring: the real server on a fresh embedded store, paying through an in-process
 * {@link StripeSandbox} whose catalog is synced, whose webhook secret is the server's and whose
 * events go to the server's own webhook endpoint. Nothing from the environment is needed.
 */
final class Demo implements AutoCloseable {
  /** Settings the demo owns: a user's store, Redis or Stripe account must not leak into it. */
  static final List<String> OVERRIDDEN =
      List.of(
          "APP_ENV",
          "DATABASE_URL",
          "MONGO_URI",
          "REDIS_URL",
          "FRONTEND_URL",
          "ALLOWED_ORIGINS",
          "STRIPE_SECRET_KEY",
          "STRIPE_PUBLISHABLE_KEY",
          "STRIPE_WEBHOOK_SECRET",
          "STRIPE_API_BASE");

  private static final int BIND_ATTEMPTS = 3;

  private final StripeSandbox sandbox;
  private final BillingServer server;
  private final String origin;
  private final Path dataDir;
  private final boolean temporary;

  private Demo(
      StripeSandbox sandbox, BillingServer server, String origin, Path dataDir, boolean temporary) {
    this.sandbox = sandbox;
    this.server = server;
    this.origin = origin;
    this.dataDir = dataDir;
    this.temporary = temporary;
  }

  /**
   * Starts the sandbox, syncs the catalog into it, then the server on {@code PORT} (a free port
   * chosen first when 0, so the Checkout return URL can name it) and points the sandbox's webhooks
   * at it.
   *
   * @param environment read for {@code PORT}, {@code BILLING_DATA_DIR} (a new temporary directory
   *     when unset), the catalog and the other non-payment settings
   * @throws ConfigurationException when the remaining settings are invalid
   */
  static Demo start(Map<String, String> environment, Path workingDirectory, Clock clock) {
    Map<String, String> env = new HashMap<>(environment);
    // Blank counts as unset for the loader, so this also wins over the same names in .env.
    OVERRIDDEN.forEach(name -> env.put(name, ""));
    env.put("APP_ENV", "development");
    boolean temporary = isBlank(env.get("BILLING_DATA_DIR"));
    if (temporary) {
      env.put("BILLING_DATA_DIR", temporaryDataDir().toString());
    }
    BillingConfigLoader loader = new BillingConfigLoader();
    int requestedPort = loader.load(env, workingDirectory).config().port();
    StripeSandbox sandbox = StripeSandbox.start(SandboxOptions.defaults());
    try {
      env.put("STRIPE_SECRET_KEY", sandbox.secretKey());
      env.put("STRIPE_WEBHOOK_SECRET", sandbox.webhookSecret());
      env.put("STRIPE_API_BASE", sandbox.baseUrl());
      BillingConfig unpriced = loader.load(env, workingDirectory).config();
      StripeCatalogSync.SyncedPrices prices =
          new StripeCatalogSync(Wiring.stripeSettings(unpriced).orElseThrow())
              .syncPrices(unpriced.catalog());
      prices.main().forEach((plan, price) -> env.put(SettingParsers.priceVariable(plan), price));
      prices
          .yearly()
          .forEach((plan, price) -> env.put(SettingParsers.yearlyPriceVariable(plan), price));
      RuntimeException bindFailed = null;
      for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
        int port = requestedPort == 0 ? freePort() : requestedPort;
        String origin = "http://127.0.0.1:" + port;
        env.put("PORT", Integer.toString(port));
        env.put("FRONTEND_URL", origin);
        BillingConfigLoader.Loaded loaded = loader.load(env, workingDirectory);
        try {
          BillingServer server = BillingServer.start(loaded.config(), clock, loaded.warnings());
          sandbox.deliverTo(URI.create(origin + "/api/webhooks/stripe"));
          return new Demo(sandbox, server, origin, loaded.config().dataDir(), temporary);
        } catch (RuntimeException e) {
          // A port chosen free can be taken before the server binds it; a given one is not retried.
          bindFailed = e;
          if (requestedPort != 0) {
            break;
          }
        }
      }
      throw Objects.requireNonNull(bindFailed);
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** The page to open: sign-up on the billing page. */
  String signUpUrl() {
    return origin + "/signup";
  }

  /** The server's own origin ({@code FRONTEND_URL}). */
  String origin() {
    return origin;
  }

  /** The sandbox's control page: its clock and webhook faults. */
  String sandboxControlUrl() {
    return sandbox.baseUrl() + "/sandbox";
  }

  StripeSandbox sandbox() {
    return sandbox;
  }

  BillingServer server() {
    return server;
  }

  Path dataDir() {
    return dataDir;
  }

  /** What {@code demo} prints once everything listens. */
  String banner() {
    return String.join(
        System.lineSeparator(),
        "",
        "Agnostic Billing demo: payments go to an offline Stripe sandbox, nothing is charged.",
        "  Open:            " + signUpUrl(),
        "  Sandbox control: " + sandboxControlUrl() + "  (advance the clock, webhook faults)",
        "  Test cards:      4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined;",
        "                   4000 0000 0000 0341 pays now and fails at the next renewal.",
        "  Data:            "
            + dataDir.toAbsolutePath()
            + (temporary ? " (deleted when the demo stops)" : ""),
        "Stop with Ctrl-C.",
        "");
  }

  /**
   * Stops the server first (it no longer takes webhooks), then the sandbox, then deletes the data
   * directory if the demo made it: its customers and subscriptions lived in the sandbox, which is
   * gone, so the data could not be paid for again anyway.
   */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      sandbox.close();
      if (temporary) {
        deleteTree(dataDir);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Left behind in the temporary directory: harmless, and nothing to tell at shutdown.
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static Path temporaryDataDir() {
    try {
      return Files.createTempDirectory("billing-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a data directory for the demo", e);
    }
  }

  /** A port free on loopback now (it may be taken again before it is bound). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

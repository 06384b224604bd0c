package io.agnosticbilling.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The configuration the end-to-end tests run with, built through the real loader. */
final class TestServers {
  static final String JWT_SECRET = "e2e-jwt-secret-that-is-long-enough-for-hs256";
  static final String WEBHOOK_SECRET = "whsec_e2eTestSecret0123456789";
  static final String TEAM_PRICE = "price_team_e2e";
  static final String ENTERPRISE_PRICE = "price_enterprise_e2e";
  static final String OPERATOR_EMAIL = "ops@example.test";
  static final String ALLOWED_ORIGIN = "https://app.example.test";
  static final Map<String, Long> PRICES = Map.of(TEAM_PRICE, 9900L, ENTERPRISE_PRICE, 49900L);

  private TestServers() {}

  /** Embedded store in {@code dataDir}, a free port, fixed JWT secret, Stripe at {@code stripe}. */
  static Map<String, String> environment(Path dataDir, String stripeBase) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("BILLING_DATA_DIR", dataDir.toString());
    env.put("JWT_SECRET", JWT_SECRET);
    // The lowest bcrypt cost keeps sign-ups fast; production refuses below 10.
    env.put("PASSWORD_SALT_ROUNDS", "4");
    env.put("FRONTEND_URL", "http://localhost:5173");
    env.put("ALLOWED_ORIGINS", ALLOWED_ORIGIN);
    env.put("STRIPE_SECRET_KEY", "sk_test_e2eKey123");
    env.put("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.put("STRIPE_TEAM_PRICE_ID", TEAM_PRICE);
    env.put("STRIPE_ENTERPRISE_PRICE_ID", ENTERPRISE_PRICE);
    env.put("STRIPE_API_BASE", stripeBase);
    return env;
  }

  /** Starts the real server with its data under {@code workDir/data} (no .env there). */
  static BillingServer start(Path workDir, String stripeBase) {
    return start(workDir, environment(workDir.resolve("data"), stripeBase));
  }

  /**
   * Starts the server as its own front end: on a port chosen first, with {@code FRONTEND_URL} at
   * that port, so Checkout and the Portal return to the billing page it serves. A port taken in
   * between is retried on another.
   */
  static BillingServer startWithPage(Path workDir, String stripeBase) {
    return startWithPage(workDir, stripeBase, Map.of());
  }

  /** Like {@link #startWithPage(Path, String)}, with more variables set. */
  static BillingServer startWithPage(Path workDir, String stripeBase, Map<String, String> extra) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = Demo.freePort();
      Map<String, String> env = environment(workDir.resolve("data"), stripeBase);
      env.putAll(extra);
      env.put("PORT", Integer.toString(port));
      env.put("FRONTEND_URL", "http://127.0.0.1:" + port);
      try {
        return start(workDir, env);
      } catch (RuntimeException bindFailed) {
        last = bindFailed;
      }
    }
    throw last;
  }

  /** Runs {@code operators <args>} in-process on the test store; fails unless it exits 0. */
  static String operators(Path workDir, String stripeBase, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] command = new String[args.length + 1];
    command[0] = "operators";
    System.arraycopy(args, 0, command, 1, args.length);
    int code =
        new BillingCli(environment(workDir.resolve("data"), stripeBase), workDir, Clock.systemUTC())
            .execute(new PrintWriter(out), new PrintWriter(err), command);
    if (code != BillingCli.OK) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + code + ": " + err);
    }
    return out.toString();
  }

  private static BillingServer start(Path workDir, Map<String, String> env) {
    BillingConfigLoader.Loaded loaded = new BillingConfigLoader().load(env, workDir);
    return BillingServer.start(loaded.config(), Clock.systemUTC(), loaded.warnings());
  }
}

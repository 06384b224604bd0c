package io.agnosticbilling.app;

import io.agnosticbilling.adapter.http.HttpSettings;
import io.agnosticbilling.adapter.http.TrustedProxies;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.port.out.RateLimiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration: everything the standalone server reads from the environment, already validated by
 * {@link BillingConfigLoader}. {@link #toString()} and {@link #summary()} never show a secret.
 *
 * @param production {@code APP_ENV=production}: strict checks and HSTS
 * @param port HTTP port; 0 picks a free one
 * @param frontendUrl base of the Checkout and Portal return URLs
 * @param allowedOrigins exact CORS origins
 * @param jwtSecret HS256 key
 * @param jwtSecretGenerated true when the key was generated for this run (development only)
 * @param databaseUrl the PostgreSQL URL ({@code postgres://…} or {@code jdbc:postgresql://…})
 * @param databasePoolSize the most PostgreSQL connections this instance holds
 * @param mongoUri the MongoDB connection string; with neither URL the store is the SQLite file
 *     {@code dataDir/billing.db}
 * @param redisUrl Redis for usage counters and rate limits; empty means the store and this instance
 *     serve them
 * @param redisWriteBehind {@code REDIS_COUNTER_MODE=write-behind}: the store learns of increments
 *     in batches instead of before each answer
 * @param metricsToken {@code METRICS_TOKEN}: the bearer token {@code /metrics} requires; empty
 *     leaves it open
 * @param catalog the plans in force, with the provider price of each paid plan
 * @param catalogSource where the catalog came from ({@code built-in} or the file)
 * @param checkoutPromotionCodes {@code CHECKOUT_PROMOTION_CODES}: customers may type promotion
 *     codes in Checkout
 * @param rateLimits login, sign-up and Checkout limits, and whose {@code X-Forwarded-For} counts
 * @param notifications the notification channels and the dispatcher's retries
 */
public record BillingConfig(
    boolean production,
    int port,
    String frontendUrl,
    List<String> allowedOrigins,
    String jwtSecret,
    boolean jwtSecretGenerated,
    Duration jwtExpiry,
    int passwordSaltRounds,
    Optional<String> databaseUrl,
    int databasePoolSize,
    Optional<String> mongoUri,
    Path dataDir,
    Optional<String> redisUrl,
    boolean redisWriteBehind,
    Optional<String> metricsToken,
    Optional<String> stripeSecretKey,
    Optional<String> stripePublishableKey,
    Optional<String> stripeWebhookSecret,
    Optional<String> stripeApiBase,
    PlanCatalog catalog,
    String catalogSource,
    Duration pastDueGrace,
    boolean allowTestKeys,
    boolean checkoutPromotionCodes,
    RateLimits rateLimits,
    NotifyConfig notifications) {

  public BillingConfig {
    Objects.requireNonNull(frontendUrl, "'frontendUrl' must not be null");
    allowedOrigins = List.copyOf(allowedOrigins);
    Objects.requireNonNull(jwtSecret, "'jwtSecret' must not be null");
    Objects.requireNonNull(jwtExpiry, "'jwtExpiry' must not be null");
    Objects.requireNonNull(databaseUrl, "'databaseUrl' must not be null");
    if (databasePoolSize < 1) {
      throw new IllegalArgumentException("'databasePoolSize' must be at least 1");
    }
    Objects.requireNonNull(mongoUri, "'mongoUri' must not be null");
    Objects.requireNonNull(dataDir, "'dataDir' must not be null");
    Objects.requireNonNull(redisUrl, "'redisUrl' must not be null");
    Objects.requireNonNull(metricsToken, "'metricsToken' must not be null");
    Objects.requireNonNull(stripeSecretKey, "'stripeSecretKey' must not be null");
    Objects.requireNonNull(stripePublishableKey, "'stripePublishableKey' must not be null");
    Objects.requireNonNull(stripeWebhookSecret, "'stripeWebhookSecret' must not be null");
    Objects.requireNonNull(stripeApiBase, "'stripeApiBase' must not be null");
    Objects.requireNonNull(catalog, "'catalog' must not be null");
    Objects.requireNonNull(catalogSource, "'catalogSource' must not be null");
    Objects.requireNonNull(pastDueGrace, "'pastDueGrace' must not be null");
    Objects.requireNonNull(rateLimits, "'rateLimits' must not be null");
    Objects.requireNonNull(notifications, "'notifications' must not be null");
  }

  /**
   * Value object: the rate limits of the configuration reference and the trusted proxies.
   *
   * @param checkout Checkout sessions one organization may start within the window (an hour)
   */
  public record RateLimits(
      HttpSettings.LoginThrottle login,
      HttpSettings.SignupThrottle signup,
      RateLimiter.Limit checkout,
      TrustedProxies trustedProxies) {
    /** Per hour, as the reference's defaults say. */
    static final Duration HOURLY = Duration.ofHours(1);

    public RateLimits {
      Objects.requireNonNull(login, "'login' must not be null");
      Objects.requireNonNull(signup, "'signup' must not be null");
      Objects.requireNonNull(checkout, "'checkout' must not be null");
      Objects.requireNonNull(trustedProxies, "'trustedProxies' must not be null");
    }
  }

  public String mode() {
    return production ? "production" : "development";
  }

  public boolean paymentsConfigured() {
    return stripeSecretKey.isPresent();
  }

  /** The same configuration on another port (tests use 0). */
  public BillingConfig withPort(int newPort) {
    return new BillingConfig(
        production,
        newPort,
        frontendUrl,
        allowedOrigins,
        jwtSecret,
        jwtSecretGenerated,
        jwtExpiry,
        passwordSaltRounds,
        databaseUrl,
        databasePoolSize,
        mongoUri,
        dataDir,
        redisUrl,
        redisWriteBehind,
        metricsToken,
        stripeSecretKey,
        stripePublishableKey,
        stripeWebhookSecret,
        stripeApiBase,
        catalog,
        catalogSource,
        pastDueGrace,
        allowTestKeys,
        checkoutPromotionCodes,
        rateLimits,
        notifications);
  }

  /**
   * Every setting by its variable name, secrets masked ({@code sk_live_***}, {@code whsec_***},
   * {@code ***}, the password of a connection string), in the order of the reference.
   */
  public Map<String, String> masked() {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("APP_ENV", mode());
    lines.put("PORT", Integer.toString(port));
    lines.put("FRONTEND_URL", frontendUrl);
    lines.put("ALLOWED_ORIGINS", String.join(",", allowedOrigins));
    lines.put("JWT_SECRET", jwtSecretGenerated ? "*** (generated for this run)" : "***");
    lines.put("JWT_EXPIRY", SettingParsers.formatDuration(jwtExpiry));
    lines.put("PASSWORD_SALT_ROUNDS", Integer.toString(passwordSaltRounds));
    lines.put("STORE", store());
    lines.put("DATABASE_URL", databaseUrl.map(SecretMask::connectionString).orElse("<unset>"));
    lines.put("DATABASE_POOL_SIZE", Integer.toString(databasePoolSize));
    lines.put("MONGO_URI", mongoUri.map(SecretMask::connectionString).orElse("<unset>"));
    lines.put("BILLING_DATA_DIR", dataDir.toString());
    lines.put("REDIS_URL", redisUrl.map(SecretMask::connectionString).orElse("<unset>"));
    lines.put("REDIS_COUNTER_MODE", redisWriteBehind ? "write-behind" : "write-through");
    lines.put("METRICS_TOKEN", metricsToken.isPresent() ? "***" : "<unset: /metrics is open>");
    lines.put(
        "STRIPE_SECRET_KEY",
        stripeSecretKey.map(SecretMask::stripe).orElse("<unset: payments off>"));
    lines.put("STRIPE_PUBLISHABLE_KEY", stripePublishableKey.orElse("<unset>"));
    lines.put(
        "STRIPE_WEBHOOK_SECRET",
        stripeWebhookSecret.map(SecretMask::stripe).orElse("<unset: webhooks answer 400>"));
    catalog.plans().stream()
        .filter(plan -> !plan.isFree())
        .forEach(
            plan ->
                lines.put(
                    SettingParsers.priceVariable(plan.id()),
                    plan.providerPriceId().orElse("<unset>")));
    catalog.plans().stream()
        .filter(plan -> plan.yearlyPrice().isPresent())
        .forEach(
            plan ->
                lines.put(
                    SettingParsers.yearlyPriceVariable(plan.id()),
                    plan.yearlyProviderPriceId().orElse("<unset: not sold yearly>")));
    lines.put("STRIPE_API_BASE", stripeApiBase.orElse("<stripe>"));
    lines.put("BILLING_CATALOG_FILE", catalogSource);
    lines.put("PAST_DUE_GRACE", SettingParsers.formatDuration(pastDueGrace));
    lines.put("ALLOW_TEST_KEYS", Boolean.toString(allowTestKeys));
    lines.put("CHECKOUT_PROMOTION_CODES", Boolean.toString(checkoutPromotionCodes));
    lines.put("TRUSTED_PROXIES", String.join(",", rateLimits.trustedProxies().entries()));
    lines.put(
        "LOGIN_MAX_FAILURES_PER_EMAIL", Integer.toString(rateLimits.login().maxFailuresPerEmail()));
    lines.put(
        "LOGIN_MAX_FAILURES_PER_ADDRESS",
        Integer.toString(rateLimits.login().maxFailuresPerAddress()));
    lines.put("LOGIN_THROTTLE_WINDOW", SettingParsers.formatDuration(rateLimits.login().window()));
    lines.put(
        "SIGNUP_MAX_PER_ADDRESS",
        rateLimits.signup().limit().isEmpty()
            ? "0 (off)"
            : Integer.toString(rateLimits.signup().maxPerAddress()));
    lines.put("CHECKOUT_MAX_PER_ORGANIZATION", Integer.toString(rateLimits.checkout().maxHits()));
    notifications.putMasked(lines);
    return lines;
  }

  /**
   * The store this configuration selects, without any password: {@code sqlite <file>}, {@code
   * postgresql <host>/<db>} or {@code mongodb <hosts>}.
   */
  public String store() {
    if (databaseUrl.isPresent()) {
      return "postgresql " + SecretMask.hostAndDatabase(databaseUrl.get());
    }
    if (mongoUri.isPresent()) {
      return "mongodb " + SecretMask.hosts(mongoUri.get());
    }
    return "sqlite " + dataDir.resolve(StoreConnection.SQLITE_FILE).toAbsolutePath();
  }

  /** One line for the start-up log: mode, port, store, payments, catalog; no secret. */
  public String summary() {
    return "mode="
        + mode()
        + " port="
        + port
        + " store="
        + store().replaceFirst(" ", "(")
        + ")"
        + " payments="
        + stripeSecretKey.map(SecretMask::stripe).orElse("off")
        + " webhooks="
        + (stripeWebhookSecret.isPresent() ? "on" : "off")
        + " catalog="
        + catalogSource
        + " plans="
        + catalog.plans().size()
        + " jwtExpiry="
        + SettingParsers.formatDuration(jwtExpiry)
        + " pastDueGrace="
        + SettingParsers.formatDuration(pastDueGrace)
        + " redis="
        + (redisUrl.isPresent() ? (redisWriteBehind ? "write-behind" : "write-through") : "off")
        + " metrics="
        + (metricsToken.isPresent() ? "token" : "open")
        + " notifications="
        + notifications.channels();
  }

  @Override
  public String toString() {
    return "BillingConfig" + masked();
  }
}

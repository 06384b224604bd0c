package io.agnosticbilling.app;

import com.mongodb.ConnectionString;
import io.agnosticbilling.adapter.http.HttpSettings;
import io.agnosticbilling.adapter.http.MetricsEndpoint;
import io.agnosticbilling.adapter.http.TrustedProxies;
import io.agnosticbilling.adapter.notify.EmailNotificationChannel;
import io.agnosticbilling.adapter.notify.SmtpSettings;
import io.agnosticbilling.adapter.stripe.StripeCatalogSync;
import io.agnosticbilling.adapter.stripe.StripeSettings;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.RateLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Configuration loader: reads the variables of the configuration reference from the environment and
 * from {@code .env} in the working directory (the environment wins), applies the defaults, and
 * validates everything at once: either a {@link BillingConfig} or one {@link
 * ConfigurationException} listing every problem. A value that a settings type owns (JWT secret,
 * origins, Stripe key shapes) is checked by that type; this class collects its refusal under the
 * variable's name.
 */
public final class BillingConfigLoader {
  static final int MIN_PRODUCTION_SALT_ROUNDS = 10;

  private static final Pattern PUBLISHABLE_KEY = Pattern.compile("pk_(test|live)_[A-Za-z0-9]+");
  private static final Pattern PRICE_ID = Pattern.compile("(price|plan)_[A-Za-z0-9_]+");

  private final SecureRandom random = new SecureRandom();

  /** What was loaded, with the warnings worth logging (a generated JWT secret, …). */
  public record Loaded(BillingConfig config, List<String> warnings) {
    public Loaded {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Loads the configuration.
   *
   * @param environment the process environment ({@code System.getenv()})
   * @param workingDirectory where {@code .env} is read and relative paths start
   * @throws ConfigurationException listing every problem
   */
  public Loaded load(Map<String, String> environment, Path workingDirectory) {
    DotEnvFile.Contents dotEnv = DotEnvFile.read(workingDirectory);
    Map<String, String> merged = new HashMap<>(dotEnv.values());
    environment.forEach(
        (key, value) -> {
          if (value != null) {
            merged.put(key, value);
          }
        });
    Reader reader = new Reader(merged, workingDirectory);
    reader.problems.addAll(dotEnv.problems());
    return reader.read();
  }

  private final class Reader {
    private final Map<String, String> values;
    private final Path workingDirectory;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Reader(Map<String, String> values, Path workingDirectory) {
      this.values = values;
      this.workingDirectory = workingDirectory;
    }

    Loaded read() {
      boolean production = readProduction();
      int port = readInt("PORT", 3000, 0, 65_535);
      String frontendUrl = readFrontendUrl(production);
      List<String> origins = readOrigins(frontendUrl, production);
      boolean generated = get("JWT_SECRET").isEmpty();
      String jwtSecret = readJwtSecret(production);
      Duration jwtExpiry = readDuration("JWT_EXPIRY", Duration.ofHours(24), false);
      int rounds = readSaltRounds(production);
      refuseOperatorEmails();
      Optional<String> databaseUrl = readDatabaseUrl();
      int poolSize = readInt("DATABASE_POOL_SIZE", 16, 1, 1_000);
      Optional<String> mongoUri = readMongoUri();
      if (databaseUrl.isPresent() && mongoUri.isPresent()) {
        problems.add(
            "DATABASE_URL and MONGO_URI are both set: choose one store (PostgreSQL or MongoDB);"
                + " with neither, the server uses the embedded SQLite file");
      }
      Path dataDir = readDataDir();
      Optional<String> redisUrl = readRedisUrl();
      boolean writeBehind = readCounterMode();
      Optional<String> metricsToken = readMetricsToken(production);
      boolean allowTestKeys = readBoolean("ALLOW_TEST_KEYS", false);
      boolean promotionCodes = readBoolean("CHECKOUT_PROMOTION_CODES", false);
      Optional<String> secretKey = readSecretKey(production, allowTestKeys);
      Optional<String> publishableKey = readPublishableKey(secretKey);
      Optional<String> webhookSecret =
          readSecret("STRIPE_WEBHOOK_SECRET", StripeSettings::requireWebhookSecret, "whsec_…");
      Optional<String> apiBase = get("STRIPE_API_BASE").flatMap(v -> httpUrl("STRIPE_API_BASE", v));
      String catalogSource = get("BILLING_CATALOG_FILE").orElse("built-in");
      PlanCatalog catalog = readCatalog();
      catalog = withPrices(catalog, production, secretKey.isPresent());
      Duration grace = readDuration("PAST_DUE_GRACE", Duration.ofDays(7), true);
      BillingConfig.RateLimits rateLimits = readRateLimits();
      NotifyConfig notifications = readNotify(production);
      if (production && secretKey.isPresent() && webhookSecret.isEmpty()) {
        problems.add(
            "STRIPE_WEBHOOK_SECRET is required in production when STRIPE_SECRET_KEY is set:"
                + " without it no subscription change would ever arrive");
      }
      if (generated && !production) {
        warnings.add(
            "JWT_SECRET is not set: a random secret was generated for this run, so tokens stop"
                + " working at restart; set JWT_SECRET (at least 32 bytes) to keep them");
      }
      if (writeBehind && redisUrl.isEmpty()) {
        warnings.add("REDIS_COUNTER_MODE has no effect without REDIS_URL");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new Loaded(
          new BillingConfig(
              production,
              port,
              frontendUrl,
              origins,
              jwtSecret,
              generated,
              jwtExpiry,
              rounds,
              databaseUrl,
              poolSize,
              mongoUri,
              dataDir,
              redisUrl,
              writeBehind,
              metricsToken,
              secretKey,
              publishableKey,
              webhookSecret,
              apiBase,
              catalog,
              catalogSource,
              grace,
              allowTestKeys,
              promotionCodes,
              rateLimits,
              notifications),
          warnings);
    }

    private Optional<String> get(String name) {
      String value = values.get(name);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private boolean readProduction() {
      Optional<String> appEnv = get("APP_ENV");
      String name = appEnv.isPresent() ? "APP_ENV" : "NODE_ENV";
      String value = appEnv.or(() -> get("NODE_ENV")).orElse("development");
      String mode = value.toLowerCase(Locale.ROOT);
      if (!Set.of("development", "production", "test").contains(mode)) {
        problems.add(name + " must be development, test or production (got '" + value + "')");
        return false;
      }
      return "production".equals(mode);
    }

    private int readInt(String name, int fallback, int min, int max) {
      Optional<String> value = get(name);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.get());
        if (parsed < min || parsed > max) {
          problems.add(name + " must be between " + min + " and " + max + " (got " + parsed + ")");
          return fallback;
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number (got '" + value.get() + "')");
        return fallback;
      }
    }

    private boolean readBoolean(String name, boolean fallback) {
      Optional<String> value = get(name);
      if (value.isEmpty()) {
        return fallback;
      }
      String v = value.get().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        problems.add(name + " must be true or false (got '" + value.get() + "')");
        return fallback;
      }
      return v.equals("true");
    }

    private Duration readDuration(String name, Duration fallback, boolean zeroAllowed) {
      Optional<String> value = get(name);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        Duration parsed = SettingParsers.parseDuration(value.get());
        if (parsed.isZero() && !zeroAllowed) {
          problems.add(name + " must be longer than 0 (got '" + value.get() + "')");
          return fallback;
        }
        return parsed;
      } catch (IllegalArgumentException e) {
        problems.add(name + " " + e.getMessage());
        return fallback;
      }
    }

    private String readFrontendUrl(boolean production) {
      String value = get("FRONTEND_URL").orElse("http://localhost:3000");
      Optional<String> url = httpUrl("FRONTEND_URL", value);
      if (url.isPresent() && production && !url.get().startsWith("https://")) {
        problems.add("FRONTEND_URL must use https in production (got '" + value + "')");
      }
      String cleaned = url.orElse("http://localhost:3000");
      return cleaned.endsWith("/") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }

    private List<String> readOrigins(String frontendUrl, boolean production) {
      Optional<String> value = get("ALLOWED_ORIGINS");
      if (value.isEmpty()) {
        return List.of(originOf(URI.create(frontendUrl)));
      }
      List<String> origins = new ArrayList<>();
      for (String raw : value.get().split(",")) {
        String origin = raw.strip();
        if (origin.isEmpty()) {
          continue;
        }
        try {
          HttpSettings.requireOrigin(origin);
        } catch (IllegalArgumentException e) {
          problems.add(named(e, "allowedOrigins", "ALLOWED_ORIGINS"));
          continue;
        }
        if (production && !origin.startsWith("https://")) {
          problems.add("ALLOWED_ORIGINS entry '" + origin + "' must use https in production");
          continue;
        }
        origins.add(origin);
      }
      if (origins.isEmpty() && problems.stream().noneMatch(p -> p.startsWith("ALLOWED_ORIGINS"))) {
        problems.add("ALLOWED_ORIGINS is set but lists no origin");
      }
      return List.copyOf(new LinkedHashSet<>(origins));
    }

    private String readJwtSecret(boolean production) {
      Optional<String> value = get("JWT_SECRET");
      if (value.isEmpty()) {
        if (production) {
          problems.add(
              "JWT_SECRET is required in production (at least "
                  + HttpSettings.MIN_SECRET_BYTES
                  + " bytes, e.g. 64 random characters)");
          return placeholderSecret();
        }
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      try {
        return HttpSettings.requireJwtSecret(value.get());
      } catch (IllegalArgumentException e) {
        // The length is safe to show; the secret is not.
        int length = value.get().getBytes(StandardCharsets.UTF_8).length;
        problems.add(named(e, "jwtSecret", "JWT_SECRET") + " (it has " + length + ")");
        return placeholderSecret();
      }
    }

    private String placeholderSecret() {
      return "x".repeat(HttpSettings.MIN_SECRET_BYTES);
    }

    private int readSaltRounds(boolean production) {
      int rounds = readInt("PASSWORD_SALT_ROUNDS", 10, 4, 31);
      if (production && rounds < MIN_PRODUCTION_SALT_ROUNDS) {
        problems.add(
            "PASSWORD_SALT_ROUNDS must be at least "
                + MIN_PRODUCTION_SALT_ROUNDS
                + " in production (got "
                + rounds
                + ")");
      }
      return rounds;
    }

    /** Operators moved into the store: a leftover list must not look like it still works. */
    private void refuseOperatorEmails() {
      if (get("OPERATOR_EMAILS").isPresent()) {
        problems.add(
            "OPERATOR_EMAILS is no longer supported: operator rights live in the store and are"
                + " managed with 'billing-server operators add|remove|list <email>'; remove"
                + " OPERATOR_EMAILS and run 'operators add' for each operator");
      }
    }

    private Optional<String> readDatabaseUrl() {
      Optional<String> value = get("DATABASE_URL");
      if (value.isEmpty()) {
        return Optional.empty();
      }
      String url = value.get().strip();
      String masked = SecretMask.connectionString(url);
      if (url.startsWith("jdbc:postgresql://")) {
        return Optional.of(url);
      }
      if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
        problems.add(
            "DATABASE_URL must be a PostgreSQL URL, postgres://user:pass@host:5432/db or"
                + " jdbc:postgresql://host:5432/db (got '"
                + masked
                + "')");
        return Optional.empty();
      }
      try {
        URI uri = new URI(url);
        if (uri.getHost() == null) {
          problems.add("DATABASE_URL names no host (got '" + masked + "')");
          return Optional.empty();
        }
        if (uri.getPath() == null || uri.getPath().length() <= 1) {
          problems.add("DATABASE_URL names no database, like /billing (got '" + masked + "')");
          return Optional.empty();
        }
      } catch (URISyntaxException e) {
        problems.add("DATABASE_URL is not a valid URL (got '" + masked + "')");
        return Optional.empty();
      }
      return Optional.of(url);
    }

    private BillingConfig.RateLimits readRateLimits() {
      HttpSettings.LoginThrottle defaults = HttpSettings.LoginThrottle.DEFAULT;
      HttpSettings.LoginThrottle login =
          new HttpSettings.LoginThrottle(
              readInt("LOGIN_MAX_FAILURES_PER_EMAIL", defaults.maxFailuresPerEmail(), 1, 1_000_000),
              readInt(
                  "LOGIN_MAX_FAILURES_PER_ADDRESS", defaults.maxFailuresPerAddress(), 1, 1_000_000),
              readDuration("LOGIN_THROTTLE_WINDOW", defaults.window(), false));
      HttpSettings.SignupThrottle signup =
          new HttpSettings.SignupThrottle(
              readInt(
                  "SIGNUP_MAX_PER_ADDRESS",
                  HttpSettings.SignupThrottle.DEFAULT.maxPerAddress(),
                  0,
                  1_000_000),
              BillingConfig.RateLimits.HOURLY);
      RateLimiter.Limit checkout =
          new RateLimiter.Limit(
              readInt("CHECKOUT_MAX_PER_ORGANIZATION", 10, 1, 1_000_000),
              BillingConfig.RateLimits.HOURLY);
      return new BillingConfig.RateLimits(login, signup, checkout, readTrustedProxies());
    }

    private TrustedProxies readTrustedProxies() {
      List<String> entries = new ArrayList<>();
      for (String raw : get("TRUSTED_PROXIES").orElse("").split(",")) {
        String entry = raw.strip();
        if (entry.isEmpty()) {
          continue;
        }
        try {
          TrustedProxies.parse(List.of(entry));
          entries.add(entry);
        } catch (IllegalArgumentException e) {
          problems.add(named(e, "trustedProxies", "TRUSTED_PROXIES"));
        }
      }
      return TrustedProxies.parse(entries);
    }

    private Optional<String> readMongoUri() {
      Optional<String> value = get("MONGO_URI");
      if (value.isEmpty()) {
        return Optional.empty();
      }
      String uri = value.get();
      if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
        problems.add(
            "MONGO_URI must start with mongodb:// or mongodb+srv:// (got '"
                + SecretMask.connectionString(uri)
                + "')");
        return Optional.empty();
      }
      try {
        new ConnectionString(uri);
      } catch (IllegalArgumentException e) {
        problems.add(
            "MONGO_URI is not a valid connection string ('"
                + SecretMask.connectionString(uri)
                + "')");
        return Optional.empty();
      }
      return value;
    }

    private Path readDataDir() {
      String value = get("BILLING_DATA_DIR").orElse("data");
      try {
        Path dir = workingDirectory.resolve(value).normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
          problems.add("BILLING_DATA_DIR '" + value + "' exists and is not a directory");
        }
        return dir;
      } catch (InvalidPathException e) {
        problems.add("BILLING_DATA_DIR '" + value + "' is not a valid path");
        return workingDirectory.resolve("data");
      }
    }

    private boolean readCounterMode() {
      String mode = get("REDIS_COUNTER_MODE").orElse("write-through");
      if (!mode.equals("write-through") && !mode.equals("write-behind")) {
        problems.add(
            "REDIS_COUNTER_MODE must be 'write-through' or 'write-behind' (got '" + mode + "')");
        return false;
      }
      return mode.equals("write-behind");
    }

    /**
     * {@code METRICS_TOKEN}: any printable text without spaces; in production at least {@link
     * MetricsEndpoint#MIN_TOKEN_LENGTH} characters (a shorter one is guessable), a warning
     * elsewhere. The value is never echoed.
     */
    private Optional<String> readMetricsToken(boolean production) {
      Optional<String> token = get("METRICS_TOKEN");
      if (token.isEmpty()) {
        return token;
      }
      if (!token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        problems.add(
            "METRICS_TOKEN must be printable ASCII without spaces (the value is not shown)");
        return Optional.empty();
      }
      int length = token.get().length();
      if (length < MetricsEndpoint.MIN_TOKEN_LENGTH) {
        String figures = " (it has " + length + "; make one with 'openssl rand -hex 32')";
        String minimum = " at least " + MetricsEndpoint.MIN_TOKEN_LENGTH + " characters";
        if (production) {
          problems.add("METRICS_TOKEN must be" + minimum + " in production" + figures);
          return Optional.empty();
        }
        warnings.add("METRICS_TOKEN should be" + minimum + figures);
      }
      return token;
    }

    private Optional<String> readRedisUrl() {
      Optional<String> value = get("REDIS_URL");
      if (value.isEmpty()) {
        return Optional.empty();
      }
      String masked = SecretMask.connectionString(value.get());
      try {
        URI uri = new URI(value.get());
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
          problems.add("REDIS_URL must start with redis:// or rediss:// (got '" + masked + "')");
          return Optional.empty();
        }
        if (uri.getHost() == null) {
          problems.add(
              "REDIS_URL must name a host, like redis://redis:6379 (got '" + masked + "')");
          return Optional.empty();
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.matches("/\\d{0,2}")) {
          problems.add("REDIS_URL path must be a database number, like /0 (got '" + masked + "')");
          return Optional.empty();
        }
        return value;
      } catch (URISyntaxException e) {
        problems.add("REDIS_URL is not a valid URL ('" + masked + "')");
        return Optional.empty();
      }
    }

    private Optional<String> readSecretKey(boolean production, boolean allowTestKeys) {
      Optional<String> key =
          readSecret(
              "STRIPE_SECRET_KEY", StripeSettings::requireSecretKey, "sk_test_… or sk_live_…");
      if (key.isPresent() && production && key.get().contains("_test_") && !allowTestKeys) {
        problems.add(
            "STRIPE_SECRET_KEY is a test key ("
                + SecretMask.stripe(key.get())
                + ") in production; use the live key, or set ALLOW_TEST_KEYS=true for a staging run");
      }
      return key;
    }

    private Optional<String> readPublishableKey(Optional<String> secretKey) {
      Optional<String> key = get("STRIPE_PUBLISHABLE_KEY");
      if (key.isEmpty()) {
        return key;
      }
      if (!PUBLISHABLE_KEY.matcher(key.get()).matches()) {
        problems.add("STRIPE_PUBLISHABLE_KEY must look like pk_test_… or pk_live_…");
        return Optional.empty();
      }
      if (secretKey.isPresent()
          && key.get().contains("_live_") != secretKey.get().contains("_live_")) {
        problems.add(
            "STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY are of different modes ("
                + SecretMask.stripe(key.get())
                + " and "
                + SecretMask.stripe(secretKey.get())
                + ")");
      }
      return key;
    }

    /** A secret whose shape {@code check} (the owning settings type) refuses is a problem. */
    private Optional<String> readSecret(String name, UnaryOperator<String> check, String expected) {
      Optional<String> value = get(name);
      try {
        return value.map(check);
      } catch (IllegalArgumentException e) {
        // Never echo the value: it may be a real secret pasted into the wrong variable.
        problems.add(name + " must look like " + expected + " (the value is not shown)");
        return Optional.empty();
      }
    }

    private Optional<String> httpUrl(String name, String value) {
      try {
        URI uri = new URI(value);
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!http || uri.getHost() == null) {
          problems.add(name + " must be an absolute http(s) URL (got '" + value + "')");
          return Optional.empty();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
          problems.add(name + " must not have a query or fragment (got '" + value + "')");
          return Optional.empty();
        }
        return Optional.of(value);
      } catch (URISyntaxException e) {
        problems.add(name + " is not a valid URL (got '" + value + "')");
        return Optional.empty();
      }
    }

    private NotifyConfig readNotify(boolean production) {
      Optional<URI> url =
          get("NOTIFY_WEBHOOK_URL").flatMap(v -> httpUrl("NOTIFY_WEBHOOK_URL", v)).map(URI::create);
      Optional<String> secret = get("NOTIFY_WEBHOOK_SECRET");
      if (url.isPresent() && secret.isEmpty()) {
        problems.add(
            "NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URL: the host app verifies"
                + " each notification's Billing-Signature with it");
      }
      if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < 16) {
        problems.add("NOTIFY_WEBHOOK_SECRET must be at least 16 bytes (the value is not shown)");
        secret = Optional.empty();
      }
      if (secret.isPresent() && url.isEmpty() && get("NOTIFY_WEBHOOK_URL").isEmpty()) {
        warnings.add("NOTIFY_WEBHOOK_SECRET has no effect without NOTIFY_WEBHOOK_URL");
      }
      if (production && url.isPresent() && !"https".equals(url.get().getScheme())) {
        warnings.add(
            "NOTIFY_WEBHOOK_URL uses http in production: notifications cross the network"
                + " unencrypted (signed, but readable)");
      }
      Optional<SmtpSettings> smtp = Optional.empty();
      Optional<String> smtpValue = get("SMTP_URL");
      if (smtpValue.isPresent()) {
        try {
          smtp = Optional.of(SmtpSettings.parse(smtpValue.get()));
        } catch (IllegalArgumentException e) {
          // The URL may hold a password: name the problem, not the value.
          problems.add("SMTP_URL " + e.getMessage() + " (the value is not shown)");
        }
      }
      Optional<String> from = get("MAIL_FROM");
      if (from.isPresent()) {
        try {
          EmailNotificationChannel.address(from.get());
        } catch (IllegalArgumentException e) {
          problems.add("MAIL_FROM " + e.getMessage() + " (got '" + from.get() + "')");
          from = Optional.empty();
        }
      }
      if (smtpValue.isPresent() && get("MAIL_FROM").isEmpty()) {
        problems.add("MAIL_FROM is required with SMTP_URL (e.g. Billing <billing@example.com>)");
      }
      if (get("MAIL_FROM").isPresent() && smtpValue.isEmpty()) {
        warnings.add("MAIL_FROM has no effect without SMTP_URL");
      }
      int attempts = readInt("NOTIFY_MAX_ATTEMPTS", NotifyConfig.DEFAULT_MAX_ATTEMPTS, 1, 100);
      Duration base = readDuration("NOTIFY_RETRY_BASE", NotifyConfig.DEFAULT_RETRY_BASE, false);
      Duration lease = readDuration("NOTIFY_LEASE", NotifyConfig.DEFAULT_LEASE, false);
      return new NotifyConfig(url, secret, smtp, from, attempts, base, lease);
    }

    private PlanCatalog readCatalog() {
      Optional<String> value = get("BILLING_CATALOG_FILE");
      if (value.isEmpty()) {
        return PlanCatalog.defaults();
      }
      Path file;
      try {
        file = workingDirectory.resolve(value.get());
      } catch (InvalidPathException e) {
        problems.add("BILLING_CATALOG_FILE '" + value.get() + "' is not a valid path");
        return PlanCatalog.defaults();
      }
      if (!Files.isRegularFile(file)) {
        problems.add("BILLING_CATALOG_FILE '" + value.get() + "' is not a readable file");
        return PlanCatalog.defaults();
      }
      try {
        return CatalogFile.parse(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        problems.add(
            "BILLING_CATALOG_FILE '" + value.get() + "' cannot be read: " + e.getMessage());
      } catch (IllegalArgumentException e) {
        problems.add(
            "BILLING_CATALOG_FILE '" + value.get() + "' is not a valid catalog: " + e.getMessage());
      }
      return PlanCatalog.defaults();
    }

    private PlanCatalog withPrices(PlanCatalog catalog, boolean production, boolean payments) {
      Map<PlanId, String> prices = new LinkedHashMap<>();
      for (Plan plan : catalog.plans()) {
        if (plan.isFree()) {
          continue;
        }
        String variable = SettingParsers.priceVariable(plan.id());
        Optional<String> price = get(variable);
        if (price.isPresent() && !PRICE_ID.matcher(price.get()).matches()) {
          problems.add(
              variable + " must be a Stripe price id like price_… (got '" + price.get() + "')");
        } else if (price.isPresent()) {
          prices.put(plan.id(), price.get());
        } else if (production && payments) {
          problems.add(
              variable
                  + " is required in production when payments are on: run 'stripe sync-catalog'"
                  + " and copy the line it prints");
        }
      }
      Map<PlanId, String> yearly = yearlyPrices(catalog);
      for (String known : List.of("STRIPE_TEAM_PRICE_ID", "STRIPE_ENTERPRISE_PRICE_ID")) {
        boolean sold =
            catalog.plans().stream()
                .anyMatch(p -> !p.isFree() && SettingParsers.priceVariable(p.id()).equals(known));
        if (get(known).isPresent() && !sold) {
          problems.add(known + " is set but the catalog has no paid plan it belongs to");
        }
      }
      // The products 'stripe sync-catalog' creates: a price of one that the catalog does not list
      // (an older one) still sells its plan, unless the catalog names the product itself.
      Map<PlanId, String> products = new LinkedHashMap<>();
      for (Plan plan : catalog.plans()) {
        if (!plan.isFree() && plan.providerProductId().isEmpty()) {
          products.put(plan.id(), StripeCatalogSync.productId(plan));
        }
      }
      return catalog
          .withProviderPrices(prices)
          .withYearlyProviderPrices(yearly)
          .withProviderProducts(products);
    }

    /**
     * {@code STRIPE_<PLAN>_YEARLY_PRICE_ID} of each plan with a yearly price: optional (unset, the
     * plan is sold monthly only); set for a plan the catalog prices monthly only, a problem.
     */
    private Map<PlanId, String> yearlyPrices(PlanCatalog catalog) {
      Map<PlanId, String> prices = new LinkedHashMap<>();
      Set<String> mainVariables = new HashSet<>();
      catalog.plans().forEach(p -> mainVariables.add(SettingParsers.priceVariable(p.id())));
      for (Plan plan : catalog.plans()) {
        String variable = SettingParsers.yearlyPriceVariable(plan.id());
        if (mainVariables.contains(variable)) {
          problems.add(
              variable
                  + " would name both plan '"
                  + plan.id()
                  + "'s yearly price and another plan's price: rename one of the plans");
          continue;
        }
        Optional<String> price = get(variable);
        if (price.isEmpty()) {
          continue;
        }
        if (plan.isFree() || plan.yearlyPrice().isEmpty()) {
          problems.add(
              variable
                  + " is set but the catalog sells plan '"
                  + plan.id()
                  + "' without a yearly price (add \"yearlyPrice\" to it in the catalog)");
        } else if (!PRICE_ID.matcher(price.get()).matches()) {
          problems.add(
              variable + " must be a Stripe price id like price_… (got '" + price.get() + "')");
        } else {
          prices.put(plan.id(), price.get());
        }
      }
      for (String known :
          List.of("STRIPE_TEAM_YEARLY_PRICE_ID", "STRIPE_ENTERPRISE_YEARLY_PRICE_ID")) {
        boolean planned =
            catalog.plans().stream()
                .anyMatch(p -> SettingParsers.yearlyPriceVariable(p.id()).equals(known));
        if (get(known).isPresent() && !planned) {
          problems.add(known + " is set but the catalog has no plan it belongs to");
        }
      }
      return prices;
    }
  }

  /** A settings type's refusal, told with the variable's name instead of the setting's. */
  private static String named(IllegalArgumentException refusal, String setting, String variable) {
    return refusal.getMessage().replace("'" + setting + "'", variable);
  }

  private static String originOf(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}

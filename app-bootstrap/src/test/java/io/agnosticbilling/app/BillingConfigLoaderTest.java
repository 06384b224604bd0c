package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.agnosticbilling.adapter.http.HttpSettings;
import io.agnosticbilling.adapter.stripe.StripeSettings;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.RateLimiter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BillingConfigLoaderTest {
  private static final String JWT = "0123456789abcdef0123456789abcdef";
  @TempDir Path workDir;

  private BillingConfigLoader.Loaded load(Map<String, String> env) {
    return new BillingConfigLoader().load(env, workDir);
  }

  private static Map<String, String> production() {
    Map<String, String> env = new HashMap<>();
    env.put("APP_ENV", "production");
    env.put("JWT_SECRET", JWT);
    env.put("FRONTEND_URL", "https://billing.example.com");
    return env;
  }

  @Test
  @DisplayName("values a settings type owns are refused by that type, told under the variable")
  void settingsTypesOwnTheirChecks() {
    String origin = "https://app.example.com/path";
    Map<String, String> env = new HashMap<>();
    env.put("ALLOWED_ORIGINS", origin + ",https://ok.example.com");
    env.put("STRIPE_SECRET_KEY", "pk_test_wrongKind1");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_bad secret");
    String httpSays =
        catchThrowable(() -> HttpSettings.requireOrigin(origin))
            .getMessage()
            .replace("'allowedOrigins'", "ALLOWED_ORIGINS");

    assertThatThrownBy(() -> StripeSettings.requireSecretKey("pk_test_wrongKind1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StripeSettings.requireWebhookSecret("whsec_bad secret"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .contains(httpSays)
                    .anyMatch(p -> p.startsWith("STRIPE_SECRET_KEY must look like"))
                    .anyMatch(p -> p.startsWith("STRIPE_WEBHOOK_SECRET must look like")))
        .hasMessageNotContaining("wrongKind1")
        .hasMessageNotContaining("bad secret");
  }

  @Test
  @DisplayName("an empty environment gives the documented defaults and a generated JWT secret")
  void defaults() {
    BillingConfigLoader.Loaded loaded = load(Map.of());
    BillingConfig config = loaded.config();

    assertThat(config.production()).isFalse();
    assertThat(config.port()).isEqualTo(3000);
    assertThat(config.frontendUrl()).isEqualTo("http://localhost:3000");
    assertThat(config.allowedOrigins()).containsExactly("http://localhost:3000");
    assertThat(config.jwtExpiry()).isEqualTo(Duration.ofHours(24));
    assertThat(config.passwordSaltRounds()).isEqualTo(10);
    assertThat(config.mongoUri()).isEmpty();
    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.databasePoolSize()).isEqualTo(16);
    assertThat(config.dataDir()).isEqualTo(workDir.resolve("data"));
    assertThat(config.store())
        .isEqualTo("sqlite " + workDir.resolve("data").resolve("billing.db").toAbsolutePath());
    assertThat(config.stripeSecretKey()).isEmpty();
    assertThat(config.pastDueGrace()).isEqualTo(Duration.ofDays(7));
    assertThat(config.catalogSource()).isEqualTo("built-in");
    assertThat(config.jwtSecretGenerated()).isTrue();
    assertThat(config.jwtSecret().getBytes()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(loaded.warnings()).anyMatch(w -> w.startsWith("JWT_SECRET is not set"));
  }

  @Test
  @DisplayName("each run in development gets a different generated JWT secret")
  void generatedSecretDiffersPerRun() {
    assertThat(load(Map.of()).config().jwtSecret())
        .isNotEqualTo(load(Map.of()).config().jwtSecret());
  }

  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({"45s,45", "15m,900", "24h,86400", "7d,604800"})
  @DisplayName("durations are read as seconds, minutes, hours or days")
  void durations(String text, long seconds) {
    BillingConfig config = load(Map.of("JWT_EXPIRY", text, "PAST_DUE_GRACE", text)).config();

    assertThat(config.jwtExpiry()).isEqualTo(Duration.ofSeconds(seconds));
    assertThat(config.pastDueGrace()).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  @DisplayName("the environment wins over .env, which fills what the environment lacks")
  void environmentWinsOverDotEnv() throws Exception {
    Files.writeString(
        workDir.resolve(".env"), "PORT=4000\nJWT_EXPIRY=\"15m\" # short on purpose\n");

    BillingConfig config = load(Map.of("PORT", "5000")).config();

    assertThat(config.port()).isEqualTo(5000);
    assertThat(config.jwtExpiry()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  @DisplayName("OPERATOR_EMAILS is refused with a message naming what replaced it, env or .env")
  void operatorEmailsIsRefused() throws Exception {
    assertThatThrownBy(() -> load(Map.of("OPERATOR_EMAILS", "ops@example.com")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p ->
                            assertThat(p)
                                .startsWith("OPERATOR_EMAILS is no longer supported")
                                .contains("operators add|remove|list <email>")));

    Files.writeString(workDir.resolve(".env"), "OPERATOR_EMAILS=ops@example.com\n");
    assertThatThrownBy(() -> load(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OPERATOR_EMAILS is no longer supported");
  }

  @Test
  @DisplayName("a .env line that is not KEY=VALUE is a problem named by line number, not content")
  void badDotEnvLine() throws Exception {
    Files.writeString(workDir.resolve(".env"), "PORT=4000\nsk_live_pastedHere\n");

    assertThatThrownBy(() -> load(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(".env line 2 is not KEY=VALUE")
        .hasMessageNotContaining("pastedHere");
  }

  @Test
  @DisplayName("production accepts a complete configuration and turns on strict mode")
  void productionValid() {
    Map<String, String> env = production();
    env.put("STRIPE_SECRET_KEY", "sk_live_abc123");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_abc123");
    env.put("STRIPE_TEAM_PRICE_ID", "price_team1");
    env.put("STRIPE_ENTERPRISE_PRICE_ID", "price_ent1");

    BillingConfig config = load(env).config();

    assertThat(config.production()).isTrue();
    assertThat(config.jwtSecretGenerated()).isFalse();
    assertThat(config.catalog().require(PlanId.TEAM).providerPriceId()).contains("price_team1");
    assertThat(config.catalog().require(PlanId.ENTERPRISE).providerPriceId())
        .contains("price_ent1");
  }

  @Test
  @DisplayName("NODE_ENV=production is read when APP_ENV is absent")
  void nodeEnvAccepted() {
    Map<String, String> env = production();
    env.remove("APP_ENV");
    env.put("NODE_ENV", "production");

    assertThat(load(env).config().production()).isTrue();
  }

  @Test
  @DisplayName("production refuses a short JWT secret without showing it")
  void productionShortJwtSecret() {
    Map<String, String> env = production();
    env.put("JWT_SECRET", "tooShortSecret");

    assertThatThrownBy(() -> load(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("JWT_SECRET must be at least 32 bytes (it has 14)")
        .hasMessageNotContaining("tooShortSecret");
  }

  @Test
  @DisplayName("production refuses a test Stripe key unless ALLOW_TEST_KEYS=true")
  void productionTestKey() {
    Map<String, String> env = production();
    env.put("STRIPE_SECRET_KEY", "sk_test_abc123");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_abc123");
    env.put("STRIPE_TEAM_PRICE_ID", "price_team1");
    env.put("STRIPE_ENTERPRISE_PRICE_ID", "price_ent1");

    assertThatThrownBy(() -> load(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("STRIPE_SECRET_KEY is a test key (sk_test_***) in production");
    env.put("ALLOW_TEST_KEYS", "true");
    assertThat(load(env).config().stripeSecretKey()).contains("sk_test_abc123");
  }

  @Test
  @DisplayName("REDIS_URL is accepted as redis:// or rediss:// and refused otherwise")
  void redisUrlShape() {
    assertThat(load(Map.of("REDIS_URL", "redis://redis:6379")).config().redisUrl()).isPresent();
    assertThat(
            load(Map.of("REDIS_URL", "rediss://:pw@cache.example.com:6380/0")).config().redisUrl())
        .isPresent();
    assertThatThrownBy(() -> load(Map.of("REDIS_URL", "redis:///nohost")))
        .hasMessageContaining("REDIS_URL must name a host");
    assertThatThrownBy(() -> load(Map.of("REDIS_URL", "tcp://redis:6379")))
        .hasMessageContaining("REDIS_URL must start with redis:// or rediss://");
  }

  @Test
  @DisplayName("BILLING_CATALOG_FILE replaces the plans; price ids attach to its paid plans")
  void catalogFile() throws Exception {
    Files.writeString(
        workDir.resolve("catalog.json"),
        """
        {"alertThresholds":[75,100],"plans":[
          {"id":"free","name":"Free","rank":0,"price":{"amount":0,"currency":"usd","interval":"month"},
           "limits":{"users":2,"testRuns":10},"features":[]},
          {"id":"team","name":"Team","rank":1,"price":{"amount":1900,"currency":"usd","interval":"month"},
           "limits":{"users":5,"testRuns":500},"features":[]}]}
        """);

    BillingConfig config =
        load(Map.of("BILLING_CATALOG_FILE", "catalog.json", "STRIPE_TEAM_PRICE_ID", "price_t"))
            .config();

    assertThat(config.catalog().plans()).hasSize(2);
    assertThat(config.catalog().alertThresholds()).containsExactly(75, 100);
    assertThat(config.catalog().require(PlanId.TEAM).providerPriceId()).contains("price_t");
    assertThat(config.catalogSource()).isEqualTo("catalog.json");
  }

  @Test
  @DisplayName(
      "a catalog file names each plan's former prices and its product; subscribers on them keep"
          + " the plan after a price change")
  void catalogFileFormerPricesAndProduct() throws Exception {
    Files.writeString(
        workDir.resolve("catalog.json"),
        """
        {"plans":[
          {"id":"free","name":"Free","rank":0,"price":{"amount":0,"currency":"usd"},
           "limits":{"users":2,"testRuns":10}},
          {"id":"team","name":"Team","rank":1,"price":{"amount":1900,"currency":"usd"},
           "limits":{"users":5,"testRuns":500},
           "formerPriceIds":["price_team_2024","price_team_2025"],"productId":"prod_team"}]}
        """);

    PlanCatalog catalog =
        load(Map.of("BILLING_CATALOG_FILE", "catalog.json", "STRIPE_TEAM_PRICE_ID", "price_t"))
            .config()
            .catalog();

    Plan team = catalog.require(PlanId.TEAM);
    assertThat(team.formerPriceIds())
        .containsExactlyInAnyOrder("price_team_2024", "price_team_2025");
    assertThat(team.providerProductId()).contains("prod_team");
    assertThat(catalog.byProviderPriceId("price_team_2024")).contains(team);
    assertThat(catalog.byProviderPrice("price_unlisted", Optional.of("prod_team"))).contains(team);
  }

  @Test
  @DisplayName(
      "a price id for a plan the catalog does not sell, and a broken catalog file, are problems")
  void catalogProblems() throws Exception {
    Files.writeString(workDir.resolve("broken.json"), "{\"plans\": 3}");

    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "BILLING_CATALOG_FILE", "broken.json",
                        "STRIPE_TEAM_PRICE_ID", "not-a-price")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("BILLING_CATALOG_FILE 'broken.json' is not a valid catalog")
        .hasMessageContaining("STRIPE_TEAM_PRICE_ID must be a Stripe price id");
  }

  @Test
  @DisplayName(
      "rate limits default to 5 and 20 failed logins per 15 minutes, 20 sign-ups per address an"
          + " hour, 10 Checkouts an hour, no trusted proxy")
  void rateLimitDefaults() {
    BillingConfig.RateLimits limits = load(Map.of()).config().rateLimits();

    assertThat(limits.login())
        .isEqualTo(new HttpSettings.LoginThrottle(5, 20, Duration.ofMinutes(15)));
    assertThat(limits.signup()).isEqualTo(HttpSettings.SignupThrottle.DEFAULT);
    assertThat(limits.signup().limit()).isPresent();
    assertThat(limits.checkout()).isEqualTo(new RateLimiter.Limit(10, Duration.ofHours(1)));
    assertThat(limits.trustedProxies().isEmpty()).isTrue();
  }

  @Test
  @DisplayName("rate limits and trusted proxies are read from the environment; sign-up 0 is off")
  void rateLimitsFromTheEnvironment() {
    BillingConfig.RateLimits limits =
        load(Map.of(
                "LOGIN_MAX_FAILURES_PER_EMAIL", "3",
                "LOGIN_MAX_FAILURES_PER_ADDRESS", "50",
                "LOGIN_THROTTLE_WINDOW", "1h",
                "SIGNUP_MAX_PER_ADDRESS", "0",
                "CHECKOUT_MAX_PER_ORGANIZATION", "4",
                "TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7,::1"))
            .config()
            .rateLimits();

    assertThat(limits.login())
        .isEqualTo(new HttpSettings.LoginThrottle(3, 50, Duration.ofHours(1)));
    assertThat(limits.signup().limit()).isEmpty();
    assertThat(limits.checkout()).isEqualTo(new RateLimiter.Limit(4, Duration.ofHours(1)));
    assertThat(limits.trustedProxies().trusts("10.20.30.40")).isTrue();
    assertThat(limits.trustedProxies().trusts("192.168.1.7")).isTrue();
    assertThat(limits.trustedProxies().trusts("192.168.1.8")).isFalse();
    assertThat(limits.trustedProxies().trusts("0:0:0:0:0:0:0:1")).isTrue();
  }

  @Test
  @DisplayName("bad rate limits and proxy entries are each a problem naming the variable")
  void rateLimitProblems() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "LOGIN_MAX_FAILURES_PER_EMAIL", "0",
                        "LOGIN_MAX_FAILURES_PER_ADDRESS", "many",
                        "LOGIN_THROTTLE_WINDOW", "0s",
                        "SIGNUP_MAX_PER_ADDRESS", "-1",
                        "CHECKOUT_MAX_PER_ORGANIZATION", "0",
                        "TRUSTED_PROXIES", "10.0.0.0/33,proxy.internal")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("LOGIN_MAX_FAILURES_PER_EMAIL must be between 1"))
                    .anyMatch(p -> p.startsWith("LOGIN_MAX_FAILURES_PER_ADDRESS must be a whole"))
                    .anyMatch(p -> p.startsWith("LOGIN_THROTTLE_WINDOW must be longer than 0"))
                    .anyMatch(p -> p.startsWith("SIGNUP_MAX_PER_ADDRESS must be between 0"))
                    .anyMatch(p -> p.startsWith("CHECKOUT_MAX_PER_ORGANIZATION must be between 1"))
                    .anyMatch(p -> p.contains("TRUSTED_PROXIES entry '10.0.0.0/33'")));
  }

  @Test
  @DisplayName(
      "each paid plan is recognized by the product 'stripe sync-catalog' makes for it, so an"
          + " older price of that product still sells the plan")
  void paidPlansKnowTheirSyncedProduct() {
    PlanCatalog catalog =
        load(Map.of("STRIPE_TEAM_PRICE_ID", "price_team_2026")).config().catalog();

    assertThat(catalog.require(PlanId.TEAM).providerProductId()).contains("agnostic_billing_team");
    assertThat(catalog.free().providerProductId()).isEmpty();
    assertThat(catalog.byProviderPrice("price_team_2025", Optional.of("agnostic_billing_team")))
        .map(Plan::id)
        .contains(PlanId.TEAM);
  }

  @Test
  @DisplayName("every problem is reported at once")
  void everyProblemAtOnce() {
    Map<String, String> env =
        Map.of(
            "PORT", "70000",
            "JWT_EXPIRY", "0m",
            "PASSWORD_SALT_ROUNDS", "3",
            "OPERATOR_EMAILS", "ops@example.com",
            "MONGO_URI", "postgres://user:secretpw@db/x",
            "STRIPE_PUBLISHABLE_KEY", "pk_nope",
            "APP_ENV", "staging");

    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(7)
                    .anyMatch(p -> p.startsWith("PORT must be between 0 and 65535"))
                    .anyMatch(p -> p.startsWith("JWT_EXPIRY must be longer than 0"))
                    .anyMatch(p -> p.startsWith("PASSWORD_SALT_ROUNDS must be between 4 and 31"))
                    .anyMatch(p -> p.startsWith("OPERATOR_EMAILS is no longer supported"))
                    .anyMatch(p -> p.startsWith("MONGO_URI must start with mongodb://"))
                    .anyMatch(p -> p.startsWith("STRIPE_PUBLISHABLE_KEY must look like"))
                    .anyMatch(p -> p.startsWith("APP_ENV must be development, test or production")))
        .hasMessageNotContaining("secretpw");
  }

  @Test
  @DisplayName("the summary and masked view never contain a secret")
  void maskedViews() {
    Map<String, String> env = new HashMap<>();
    env.put("JWT_SECRET", JWT);
    env.put("STRIPE_SECRET_KEY", "sk_test_visibleNever1");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_visibleNever2");
    env.put("REDIS_URL", "redis://:visibleNever3@redis:6379");
    env.put("MONGO_URI", "mongodb://u:visibleNever4@db:27017/app");

    BillingConfig config = load(env).config();
    String everything = config.summary() + config.masked() + config;

    assertThat(everything)
        .doesNotContain("visibleNever", JWT)
        .contains("sk_test_***", "whsec_***", "redis://***@redis:6379");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "postgres://billing:pa55word@db.internal:5432/billing,postgresql db.internal:5432/billing",
    "postgresql://billing:pa55word@db.internal/billing?sslmode=require,"
        + "postgresql db.internal/billing",
    "jdbc:postgresql://db.internal:5433/billing?password=pa55word,postgresql db.internal:5433/billing"
  })
  @DisplayName("DATABASE_URL selects PostgreSQL, named by host and database without the password")
  void databaseUrlSelectsPostgres(String url, String store) {
    BillingConfig config = load(Map.of("DATABASE_URL", url, "DATABASE_POOL_SIZE", "24")).config();

    assertThat(config.databaseUrl()).contains(url);
    assertThat(config.databasePoolSize()).isEqualTo(24);
    assertThat(config.store()).isEqualTo(store);
    assertThat(config.summary() + config.masked() + config).doesNotContain("pa55word");
  }

  @Test
  @DisplayName("DATABASE_URL and MONGO_URI together are a problem listed with the others")
  void bothStoreUrlsRefused() {
    Map<String, String> env =
        Map.of(
            "DATABASE_URL", "postgres://u:secretpw@db/billing",
            "MONGO_URI", "mongodb://u:secretpw@db/billing",
            "PORT", "eighty");

    assertThatThrownBy(() -> load(env))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(2)
                    .anyMatch(p -> p.startsWith("DATABASE_URL and MONGO_URI are both set"))
                    .anyMatch(p -> p.startsWith("PORT must be")))
        .hasMessageNotContaining("secretpw");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "mysql://u:secretpw@db/billing,DATABASE_URL must be a PostgreSQL URL",
    "postgres://u:secretpw@db,DATABASE_URL names no database",
    "postgres:///billing,DATABASE_URL names no host"
  })
  @DisplayName("a DATABASE_URL that is not a PostgreSQL URL is refused without showing it whole")
  void badDatabaseUrl(String url, String problem) {
    assertThatThrownBy(() -> load(Map.of("DATABASE_URL", url)))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.problems()).singleElement().asString().startsWith(problem))
        .hasMessageNotContaining("secretpw");
  }

  @Test
  @DisplayName("DATABASE_POOL_SIZE below 1 is refused")
  void poolSizeAtLeastOne() {
    assertThatThrownBy(
            () -> load(Map.of("DATABASE_URL", "postgres://db/billing", "DATABASE_POOL_SIZE", "0")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("DATABASE_POOL_SIZE must be between 1 and 1000"));
  }

  @Test
  @DisplayName(
      "STRIPE_<PLAN>_YEARLY_PRICE_ID sells a plan's yearly price; optional; CHECKOUT_PROMOTION_CODES"
          + " is a boolean, off by default")
  void yearlyPricesAndPromotionCodes() {
    Map<String, String> env = production();
    env.put("STRIPE_SECRET_KEY", "sk_live_abc123");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_abc123");
    env.put("STRIPE_TEAM_PRICE_ID", "price_team1");
    env.put("STRIPE_ENTERPRISE_PRICE_ID", "price_ent1");
    env.put("STRIPE_TEAM_YEARLY_PRICE_ID", "price_team_y");

    BillingConfig config = load(env).config();

    assertThat(config.catalog().require(PlanId.TEAM).yearlyProviderPriceId())
        .contains("price_team_y");
    assertThat(config.catalog().require(PlanId.ENTERPRISE).yearlyProviderPriceId())
        .as("unset: Enterprise is sold monthly only")
        .isEmpty();
    assertThat(config.checkoutPromotionCodes()).isFalse();
    assertThat(config.masked())
        .containsEntry("STRIPE_TEAM_YEARLY_PRICE_ID", "price_team_y")
        .containsEntry("CHECKOUT_PROMOTION_CODES", "false");
    env.put("CHECKOUT_PROMOTION_CODES", "true");
    assertThat(load(env).config().checkoutPromotionCodes()).isTrue();
  }

  @Test
  @DisplayName(
      "a yearly price id that is not a price, or for a plan without a yearly price, is a problem")
  void badYearlyPrices() throws Exception {
    assertThatThrownBy(() -> load(Map.of("STRIPE_TEAM_YEARLY_PRICE_ID", "prod_team")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("STRIPE_TEAM_YEARLY_PRICE_ID must be a Stripe price id"));
    Files.writeString(
        workDir.resolve("monthly.json"),
        "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
            + "\"price\":{\"amount\":0,\"currency\":\"usd\"},"
            + "\"limits\":{\"users\":1,\"testRuns\":1}},"
            + "{\"id\":\"team\",\"name\":\"Team\",\"rank\":1,"
            + "\"price\":{\"amount\":900,\"currency\":\"usd\"},"
            + "\"limits\":{\"users\":5,\"testRuns\":50}}]}");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "BILLING_CATALOG_FILE", "monthly.json",
                        "STRIPE_TEAM_YEARLY_PRICE_ID", "price_team_y")))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith(
                        "STRIPE_TEAM_YEARLY_PRICE_ID is set but the catalog sells plan 'team'"
                            + " without a yearly price"));
    assertThatThrownBy(() -> load(Map.of("CHECKOUT_PROMOTION_CODES", "maybe")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("CHECKOUT_PROMOTION_CODES");
  }
}

package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process with a given environment and working directory. */
class BillingCliTest {
  @TempDir Path workDir;

  private CliRun run(Map<String, String> env, String... args) {
    return CliRun.run(workDir, env, args);
  }

  @Test
  @DisplayName("config check with a bad configuration lists every problem and exits 2")
  void configCheckListsEveryProblem() {
    Map<String, String> env = new HashMap<>();
    env.put("APP_ENV", "production");
    env.put("PORT", "eighty");
    env.put("JWT_EXPIRY", "forever");
    env.put("PASSWORD_SALT_ROUNDS", "8");
    env.put("STRIPE_SECRET_KEY", "sk_test_abcDEF123");
    env.put("STRIPE_WEBHOOK_SECRET", "not-a-whsec-secretValue");
    env.put("REDIS_URL", "http://user:hunter2@redis:6379");
    env.put("ALLOWED_ORIGINS", "https://*.example.com");

    CliRun result = run(env, "config", "check");

    assertThat(result.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(result.err())
        .contains("PORT must be a whole number")
        .contains("JWT_EXPIRY must be a number followed by s, m, h or d")
        .contains("PASSWORD_SALT_ROUNDS must be at least 10 in production (got 8)")
        .contains("JWT_SECRET is required in production")
        .contains("STRIPE_SECRET_KEY is a test key (sk_test_***) in production")
        .contains("STRIPE_WEBHOOK_SECRET must look like whsec_")
        .contains("REDIS_URL must start with redis:// or rediss://")
        .contains("ALLOWED_ORIGINS lists exact origins; wildcards are refused")
        .contains("FRONTEND_URL must use https in production")
        .contains("STRIPE_TEAM_PRICE_ID is required in production");
    assertThat(result.err()).doesNotContain("abcDEF123", "secretValue", "hunter2");
    assertThat(result.out()).isEmpty();
  }

  @Test
  @DisplayName("config check prints the mode and every variable with secrets masked")
  void configCheckMasksSecrets() throws Exception {
    Files.writeString(
        workDir.resolve(".env"),
        "PORT=4000\nSTRIPE_SECRET_KEY=sk_live_fromDotEnv999\n# comment\nexport JWT_EXPIRY=15m\n");
    Files.setPosixFilePermissions(
        workDir.resolve(".env"), PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "5000");
    env.put("JWT_SECRET", "a-jwt-secret-long-enough-to-sign-hs256-tokens");
    env.put("STRIPE_WEBHOOK_SECRET", "whsec_topSecret42");
    env.put("MONGO_URI", "mongodb://billing:pa55word@db1:27017,db2:27017/billing?authSource=admin");

    CliRun result = run(env, "config", "check");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Mode: development")
        .contains("PORT=5000")
        .contains("JWT_EXPIRY=15m")
        .contains("STRIPE_SECRET_KEY=sk_live_***")
        .contains("STRIPE_WEBHOOK_SECRET=whsec_***")
        .contains("JWT_SECRET=***")
        .contains("MONGO_URI=mongodb://billing:***@db1:27017,db2:27017/billing?authSource=admin")
        .doesNotContain("fromDotEnv999", "topSecret42", "pa55word", "long-enough", "Warning: /");
  }

  @Test
  @DisplayName("config check warns when .env can be read by other users")
  void configCheckWarnsAboutOpenDotEnv() throws Exception {
    Files.writeString(workDir.resolve(".env"), "PORT=4000\n");
    Files.setPosixFilePermissions(
        workDir.resolve(".env"), PosixFilePermissions.fromString("rw-r--r--"));

    CliRun result = run(Map.of(), "config", "check");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("can be read or written by other users")
        .contains("chmod 600");
  }

  @Test
  @DisplayName("migrate up, status, down 1 and up again on the embedded SQLite store")
  void migrateUpStatusDownUp() {
    Map<String, String> env = Map.of("BILLING_DATA_DIR", workDir.resolve("data").toString());

    CliRun up = run(env, "migrate", "up");
    CliRun statusAfterUp = run(env, "migrate", "status");
    CliRun down = run(env, "migrate", "down", "1");
    CliRun statusAfterDown = run(env, "migrate", "status");
    CliRun upAgain = run(env, "migrate", "up");

    assertThat(up.code()).as(up.err()).isZero();
    assertThat(up.out()).contains("Applied [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].");
    assertThat(statusAfterUp.out()).contains("Up to date.").doesNotContain("pending");
    assertThat(down.out()).contains("Rolled back [10].");
    assertThat(statusAfterDown.out()).containsPattern("\\s10\\s+pending").contains("1 pending.");
    assertThat(upAgain.out()).contains("Applied [10].");
    assertThat(workDir.resolve("data").resolve("billing.db")).isRegularFile();
  }

  @Test
  @DisplayName("migrate down refuses a count below 1")
  void migrateDownNeedsPositiveCount() {
    CliRun result =
        run(Map.of("BILLING_DATA_DIR", workDir.resolve("data").toString()), "migrate", "down", "0");

    assertThat(result.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(result.err()).contains("<n> must be at least 1");
    assertThat(workDir.resolve("data")).doesNotExist();
  }

  @Test
  @DisplayName("every command has --help")
  void helpOnEachCommand() {
    String[][] commands = {
      {"--help"},
      {"serve", "--help"},
      {"migrate", "--help"},
      {"migrate", "down", "--help"},
      {"config", "check", "--help"},
      {"stripe", "sync-catalog", "--help"},
      {"reconcile", "--help"},
      {"webhooks", "replay", "--help"},
      {"backup", "--help"}
    };
    for (String[] command : commands) {
      CliRun result = run(Map.of(), command);
      assertThat(result.code()).as(String.join(" ", command)).isZero();
      assertThat(result.out()).as(String.join(" ", command)).startsWith("Usage: billing-server");
    }
  }

  @Test
  @DisplayName("stripe sync-catalog and reconcile refuse to run without STRIPE_SECRET_KEY")
  void stripeCommandsNeedAKey() {
    CliRun sync = run(Map.of(), "stripe", "sync-catalog");
    CliRun reconcile = run(Map.of(), "reconcile");

    assertThat(sync.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(sync.err()).contains("STRIPE_SECRET_KEY is not set");
    assertThat(reconcile.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(reconcile.err()).contains("STRIPE_SECRET_KEY is not set");
  }

  @Test
  @DisplayName("webhooks replay of an unknown event exits 1 with the reason")
  void replayUnknownEvent() {
    CliRun result =
        run(
            Map.of("BILLING_DATA_DIR", workDir.resolve("data").toString()),
            "webhooks",
            "replay",
            "evt_missing");

    assertThat(result.code()).isEqualTo(BillingCli.FAILED);
    assertThat(result.err()).contains("evt_missing").contains("event_not_found");
  }

  @Test
  @DisplayName("reconcile against the local Stripe prints the drift report")
  void reconcilePrintsReport() throws Exception {
    try (FakeStripeApi stripe = new FakeStripeApi(TestServers.PRICES)) {
      Map<String, String> env = TestServers.environment(workDir.resolve("data"), stripe.baseUrl());

      CliRun result = run(env, "reconcile");

      assertThat(result.code()).as(result.err()).isZero();
      assertThat(result.out()).contains("checked: 0").contains("drifted (fixed): none");
      assertThat(stripe.requests()).contains("GET /v1/subscriptions");
    }
  }

  @Test
  @DisplayName(
      "operators add|list|remove: sign-up gives no rights, the CLI grants them, removal ends them"
          + " for the same token")
  void operatorsAreMadeOnTheCommandLine() throws Exception {
    try (FakeStripeApi stripe = new FakeStripeApi(TestServers.PRICES)) {
      Map<String, String> env = TestServers.environment(workDir.resolve("data"), stripe.baseUrl());
      String email = Accounts.uniqueEmail("ops");
      String signUpToken;
      try (BillingServer server = TestServers.start(workDir, stripe.baseUrl())) {
        ApiClient api = new ApiClient(server.port());
        signUpToken = Accounts.signUp(api, email).token();
        assertThat(api.get("/api/admin/metrics", signUpToken).status()).isEqualTo(403);
      }

      CliRun none = run(env, "operators", "list");
      CliRun unknown = run(env, "operators", "add", "nobody@example.test");
      CliRun added = run(env, "operators", "add", email);
      CliRun listed = run(env, "operators", "list");

      assertThat(none.code()).as(none.err()).isZero();
      assertThat(none.out()).contains("no operators");
      assertThat(unknown.code()).isEqualTo(BillingCli.FAILED);
      assertThat(unknown.err()).contains("nobody@example.test").contains("member_not_found");
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(added.out()).contains(email + " is an operator");
      assertThat(listed.out()).contains(email);

      String operatorToken;
      try (BillingServer server = TestServers.start(workDir, stripe.baseUrl())) {
        ApiClient api = new ApiClient(server.port());
        operatorToken = Accounts.logIn(api, email);
        assertThat(api.get("/api/admin/metrics", operatorToken).status()).isEqualTo(200);
        // The sign-up token carries no claim, so it stays without rights until a new log-in.
        assertThat(api.get("/api/admin/metrics", signUpToken).status()).isEqualTo(403);
      }

      CliRun removed = run(env, "operators", "remove", email);

      assertThat(removed.code()).as(removed.err()).isZero();
      assertThat(removed.out()).contains(email + " is no longer an operator");
      assertThat(run(env, "operators", "list").out()).doesNotContain(email);
      try (BillingServer server = TestServers.start(workDir, stripe.baseUrl())) {
        ApiClient api = new ApiClient(server.port());
        assertThat(api.get("/api/admin/metrics", operatorToken).status()).isEqualTo(403);
      }
    }
  }

  @Test
  @DisplayName("config check names the store: the SQLite file by default, PostgreSQL by host/db")
  void configCheckShowsStore() {
    CliRun sqlite =
        run(
            Map.of("JWT_SECRET", "a-jwt-secret-long-enough-to-sign-hs256-tokens"),
            "config",
            "check");
    CliRun postgres =
        run(
            Map.of("DATABASE_URL", "postgres://billing:pa55word@db.internal:5432/billing"),
            "config",
            "check");

    assertThat(sqlite.code()).as(sqlite.err()).isZero();
    assertThat(sqlite.out())
        .contains("STORE=sqlite " + workDir.resolve("data").resolve("billing.db"))
        .contains("DATABASE_URL=<unset>");
    assertThat(postgres.code()).as(postgres.err()).isZero();
    assertThat(postgres.out())
        .contains("STORE=postgresql db.internal:5432/billing")
        .contains("DATABASE_URL=postgres://billing:***@db.internal:5432/billing")
        .doesNotContain("pa55word");
    assertThat(workDir.resolve("data")).doesNotExist();
  }

  @Test
  @DisplayName("backup on PostgreSQL or MongoDB points to pg_dump or mongodump and exits 2")
  void backupNamesTheToolOfOtherStores() {
    CliRun postgres =
        run(Map.of("DATABASE_URL", "postgres://u:pw@db.internal/billing"), "backup", "copy.db");
    CliRun mongo = run(Map.of("MONGO_URI", "mongodb://db.internal/billing"), "backup", "copy.db");

    assertThat(postgres.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(postgres.err()).contains("pg_dump --format=custom");
    assertThat(mongo.code()).isEqualTo(BillingCli.BAD_CONFIGURATION);
    assertThat(mongo.err()).contains("mongodump");
    assertThat(workDir.resolve("copy.db")).doesNotExist();
  }

  @Test
  @DisplayName("backup writes a copy that holds the accounts; a second backup to it is refused")
  void backupCopiesTheStore() throws Exception {
    Map<String, String> env = Map.of("BILLING_DATA_DIR", workDir.resolve("data").toString());
    assertThat(run(env, "migrate", "up").code()).isZero();

    CliRun backup = run(env, "backup", "backups/first.db");
    CliRun again = run(env, "backup", "backups/first.db");

    assertThat(backup.code()).as(backup.err()).isZero();
    assertThat(backup.out()).contains("Backed up", "first.db");
    Path copy = workDir.resolve("backups/first.db");
    assertThat(Files.getPosixFilePermissions(copy))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    // The copy is a store of its own: its migrations are all there.
    Map<String, String> onCopy = Map.of("BILLING_DATA_DIR", workDir.resolve("restored").toString());
    Files.createDirectories(workDir.resolve("restored"));
    Files.copy(copy, workDir.resolve("restored/billing.db"));
    assertThat(run(onCopy, "migrate", "status").out()).contains("Up to date.");
    assertThat(again.code()).isEqualTo(BillingCli.FAILED);
    assertThat(again.err()).contains("exists already");
  }

  @Test
  @Timeout(60)
  @DisplayName(
      "beside the former embedded store's file, serve and migrate refuse and say what to do")
  void legacyEmbeddedFileRefused() throws Exception {
    Path data = Files.createDirectories(workDir.resolve("data"));
    Files.writeString(data.resolve("billing.mv"), "H2 file of the former embedded store");
    Map<String, String> env = Map.of("BILLING_DATA_DIR", data.toString());

    CliRun serve = run(env, "serve");
    CliRun migrate = run(env, "migrate", "status");

    assertThat(serve.code()).isEqualTo(BillingCli.FAILED);
    assertThat(migrate.code()).isEqualTo(BillingCli.FAILED);
    assertThat(migrate.err())
        .contains("billing.mv", "former embedded MongoDB server", "docs/operations.md")
        .doesNotContain("\tat ");
    assertThat(data.resolve("billing.db")).doesNotExist();
  }

  @Test
  @DisplayName("migrate up, status, down 1 and up again on PostgreSQL (a fresh schema)")
  void migrateOnPostgres() {
    try (PostgresSchema database = PostgresSchema.create("cli_migrate")) {
      Map<String, String> env = Map.of("DATABASE_URL", database.databaseUrl());

      CliRun up = run(env, "migrate", "up");
      CliRun down = run(env, "migrate", "down", "1");
      CliRun status = run(env, "migrate", "status");
      CliRun upAgain = run(env, "migrate", "up");

      assertThat(up.code()).as(up.err()).isZero();
      assertThat(up.out()).contains("Applied [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].");
      assertThat(down.out()).contains("Rolled back [10].");
      assertThat(status.out()).containsPattern("\\s10\\s+pending").contains("1 pending.");
      assertThat(upAgain.out()).contains("Applied [10].");
      assertThat(workDir.resolve("data")).doesNotExist();
    }
  }
}

package io.agnosticbilling.app;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.agnosticbilling.adapter.mongo.MongoBillingStore;
import io.agnosticbilling.adapter.mongo.MongoMigrations;
import io.agnosticbilling.adapter.mongo.MongoStoreOptions;
import io.agnosticbilling.adapter.sql.SqlBillingStore;
import io.agnosticbilling.adapter.sql.SqlMigrations;
import io.agnosticbilling.adapter.sql.SqlPurge;
import io.agnosticbilling.adapter.sql.SqlStoreOptions;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.Transactions;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.port.out.WebhookLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * The store the server runs on, chosen by the configuration: PostgreSQL at {@code DATABASE_URL},
 * MongoDB at {@code MONGO_URI}, or else the embedded SQLite file {@code
 * BILLING_DATA_DIR/billing.db} (which this process then owns). Gives the storage ports, the
 * migrations, a readiness ping and a description without any password.
 */
final class StoreConnection implements AutoCloseable {
  /** A bounded wait for a store that does not answer, so readiness and start-up fail fast. */
  static final long SERVER_SELECTION_SECONDS = 10;

  static final long PING_TIMEOUT_MILLIS = 2_000;

  /** The SQLite file of the embedded store, in {@code BILLING_DATA_DIR}. */
  static final String SQLITE_FILE = "billing.db";

  /**
   * The file of the former embedded store (mongo-java-server over H2, {@code EmbeddedMongo} in
   * adapter-mongo's tests): the server refuses to start beside it rather than start empty.
   */
  static final String LEGACY_EMBEDDED_FILE = "billing.mv";

  /** Which kind of store; the name is the first word of the description. */
  enum Kind {
    SQLITE,
    POSTGRESQL,
    MONGODB
  }

  /** The storage ports the facade is built from. */
  record Ports(
      Organizations organizations,
      Members members,
      WebhookLog webhookLog,
      UsageCounters usageCounters,
      UsageAlerts usageAlerts,
      CheckoutSessions checkoutSessions,
      BillingReports reports,
      NotificationOutbox notifications) {}

  /** Where one migration stands, the same for every store. */
  record MigrationStatus(int number, String description, Optional<Instant> appliedAt) {
    boolean applied() {
      return appliedAt.isPresent();
    }
  }

  /** The schema migrations of the store, the same three operations for every store. */
  interface Migrations {
    List<MigrationStatus> status();

    List<Integer> up();

    List<Integer> down(int count);

    /** The three operations of an adapter's own migrations. */
    static Migrations of(
        Supplier<List<MigrationStatus>> status,
        Supplier<List<Integer>> up,
        IntFunction<List<Integer>> down) {
      return new Migrations() {
        @Override
        public List<MigrationStatus> status() {
          return status.get();
        }

        @Override
        public List<Integer> up() {
          return up.get();
        }

        @Override
        public List<Integer> down(int count) {
          return down.apply(count);
        }
      };
    }
  }

  private final Kind kind;
  private final Ports ports;
  private final Migrations migrations;
  private final Runnable ping;
  private final AutoCloseable closer;
  private final String description;
  private final Optional<SqlBillingStore> sql;

  private StoreConnection(
      Kind kind,
      Ports ports,
      Migrations migrations,
      Runnable ping,
      AutoCloseable closer,
      String description,
      Optional<SqlBillingStore> sql) {
    this.kind = kind;
    this.ports = ports;
    this.migrations = migrations;
    this.ping = ping;
    this.closer = closer;
    this.description = description;
    this.sql = sql;
  }

  /** Which store the configuration selects, without opening it. */
  static Kind kindOf(BillingConfig config) {
    if (config.databaseUrl().isPresent()) {
      return Kind.POSTGRESQL;
    }
    return config.mongoUri().isPresent() ? Kind.MONGODB : Kind.SQLITE;
  }

  /** The embedded SQLite file of this configuration. */
  static Path sqliteFile(BillingConfig config) {
    return config.dataDir().resolve(SQLITE_FILE).toAbsolutePath();
  }

  /**
   * Opens the configured store.
   *
   * @throws io.agnosticbilling.adapter.sql.StoreLockedException when another process owns the
   *     SQLite file
   * @throws LegacyEmbeddedStoreException when the data directory holds only the former embedded
   *     store's file
   */
  static StoreConnection open(BillingConfig config, Clock clock) {
    return switch (kindOf(config)) {
      case POSTGRESQL ->
          sql(
              Kind.POSTGRESQL,
              SqlBillingStore.postgres(
                  config.databaseUrl().get(),
                  sqlOptions(clock).withPoolSize(config.databasePoolSize())));
      case MONGODB -> mongo(config.mongoUri().get(), clock);
      case SQLITE -> {
        checkNoLegacyEmbeddedStore(config);
        yield sql(Kind.SQLITE, SqlBillingStore.sqlite(sqliteFile(config), sqlOptions(clock)));
      }
    };
  }

  /**
   * Refuses to create a new, empty SQLite store beside the former embedded store's file: its data
   * would look lost. Once {@code billing.db} exists the old file is only mentioned.
   */
  static void checkNoLegacyEmbeddedStore(BillingConfig config) {
    Path legacy = config.dataDir().resolve(LEGACY_EMBEDDED_FILE).toAbsolutePath();
    if (Files.exists(legacy) && !Files.exists(sqliteFile(config))) {
      throw new LegacyEmbeddedStoreException(legacy, sqliteFile(config));
    }
  }

  /** A warning for the start-up log while the former embedded file is still beside the store. */
  static Optional<String> legacyFileWarning(BillingConfig config) {
    Path legacy = config.dataDir().resolve(LEGACY_EMBEDDED_FILE).toAbsolutePath();
    if (kindOf(config) == Kind.SQLITE && Files.exists(legacy)) {
      return Optional.of(
          "the former embedded store's file "
              + legacy
              + " is still in the data directory; this server does not read it (see"
              + " docs/operations.md, 'Moving off the former embedded store')");
    }
    return Optional.empty();
  }

  private static SqlStoreOptions sqlOptions(Clock clock) {
    return SqlStoreOptions.defaults()
        .withClock(clock)
        .withConnectTimeout(Duration.ofSeconds(SERVER_SELECTION_SECONDS));
  }

  private static StoreConnection sql(Kind kind, SqlBillingStore store) {
    Ports ports =
        new Ports(
            store.organizations(),
            store.members(),
            store.webhookLog(),
            store.usageCounters(),
            store.usageAlerts(),
            store.checkoutSessions(),
            store.reports(),
            store.notificationOutbox());
    SqlMigrations sql = store.migrations();
    Migrations migrations =
        Migrations.of(
            () ->
                sql.status().stream()
                    .map(s -> new MigrationStatus(s.number(), s.description(), s.appliedAt()))
                    .toList(),
            sql::up,
            sql::down);
    return new StoreConnection(
        kind, ports, migrations, store::ping, store, store.description(), Optional.of(store));
  }

  private static StoreConnection mongo(String uri, Clock clock) {
    ConnectionString parsed = new ConnectionString(uri);
    MongoClient client = client(parsed);
    String database = MongoBillingStore.databaseOf(parsed);
    MongoBillingStore store =
        MongoBillingStore.using(client, database, MongoStoreOptions.defaults().withClock(clock));
    Ports ports =
        new Ports(
            store.organizations(),
            store.members(),
            store.webhookLog(),
            store.usageCounters(),
            store.usageAlerts(),
            store.checkoutSessions(),
            store.reports(),
            store.notificationOutbox());
    MongoMigrations mongo = store.migrations();
    Migrations migrations =
        Migrations.of(
            () ->
                mongo.status().stream()
                    .map(s -> new MigrationStatus(s.number(), s.description(), s.appliedAt()))
                    .toList(),
            mongo::up,
            mongo::down);
    Runnable ping =
        () ->
            store
                .database()
                .withTimeout(PING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .runCommand(new Document("ping", 1));
    return new StoreConnection(
        Kind.MONGODB,
        ports,
        migrations,
        ping,
        client,
        "mongodb " + SecretMask.hosts(uri) + " database " + database,
        Optional.empty());
  }

  private static MongoClient client(ConnectionString connectionString) {
    MongoClientSettings.Builder settings =
        MongoClientSettings.builder().applyConnectionString(connectionString);
    if (connectionString.getServerSelectionTimeout() == null) {
      settings.applyToClusterSettings(
          cluster -> cluster.serverSelectionTimeout(SERVER_SELECTION_SECONDS, TimeUnit.SECONDS));
    }
    return MongoClients.create(settings.build());
  }

  Kind kind() {
    return kind;
  }

  Ports ports() {
    return ports;
  }

  Migrations migrations() {
    return migrations;
  }

  /**
   * How a webhook's claim, organization save and finish are grouped: one transaction of the SQL
   * store (one commit instead of three; a concurrent delivery of the same event waits for it). On
   * SQLite the transaction runs on the one writer thread and must not wait on the network: the
   * store's port says so, and the domain handles an event that needs Stripe outside it. MongoDB has
   * no transactions across these calls here: each call commits on its own there.
   */
  Transactions transactions() {
    return sql.map(SqlBillingStore::transactions).orElse(Transactions.none());
  }

  /** The SQL store, when the store is SQLite or PostgreSQL. */
  Optional<SqlBillingStore> sql() {
    return sql;
  }

  /**
   * Deletes what is past its retention on the SQL stores: webhook log entries older than the Mongo
   * store keeps them (its TTL, {@link MongoStoreOptions#webhookRetention()}), usage of periods
   * ended over a day ago. Empty on MongoDB, whose TTL indexes expire the same data.
   */
  Optional<SqlPurge.Purged> purgeExpired(Instant now) {
    return sql.map(
        store -> store.purge().run(now, MongoStoreOptions.defaults().webhookRetention()));
  }

  /** {@code sqlite <file>}, {@code postgresql <host>/<db>} or the Mongo hosts; no password. */
  String description() {
    return description;
  }

  /** A trivial query; false when it fails. */
  boolean ping() {
    try {
      ping.run();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Closes the pool, the client, or the SQLite file (after its pending writes commit). */
  @Override
  public void close() {
    try {
      closer.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.agnosticbilling.app;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.agnosticbilling.adapter.mongo.EmbeddedMongo;
import io.agnosticbilling.adapter.mongo.MongoBillingStore;
import io.agnosticbilling.adapter.mongo.MongoStoreOptions;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The store the server runs on: MongoDB at {@code MONGO_URI}, or the embedded MongoDB-wire server
 * with its H2 file under {@code BILLING_DATA_DIR}, reached through the same Mongo adapter either
 * way. Closing it closes the client, then the embedded server (which flushes its file).
 */
final class StoreConnection implements AutoCloseable {
  /** A bounded wait for a store that does not answer, so readiness and start-up fail fast. */
  static final long SERVER_SELECTION_SECONDS = 10;

  static final long PING_TIMEOUT_MILLIS = 2_000;

  private final Optional<EmbeddedMongo> embedded;
  private final MongoClient client;
  private final MongoBillingStore store;
  private final String description;

  private StoreConnection(
      Optional<EmbeddedMongo> embedded,
      MongoClient client,
      MongoBillingStore store,
      String description) {
    this.embedded = embedded;
    this.client = client;
    this.store = store;
    this.description = description;
  }

  static StoreConnection open(BillingConfig config, Clock clock) {
    MongoStoreOptions options = MongoStoreOptions.defaults().withClock(clock);
    if (config.mongoUri().isPresent()) {
      String uri = config.mongoUri().get();
      ConnectionString parsed = new ConnectionString(uri);
      MongoClient client = client(parsed);
      String database = MongoBillingStore.databaseOf(parsed);
      return new StoreConnection(
          Optional.empty(),
          client,
          MongoBillingStore.using(client, database, options),
          "mongodb " + SecretMask.hosts(uri) + " database " + database);
    }
    EmbeddedMongo server = EmbeddedMongo.onDisk(config.dataDir());
    try {
      MongoClient client = client(new ConnectionString(server.connectionString()));
      return new StoreConnection(
          Optional.of(server),
          client,
          MongoBillingStore.using(client, MongoStoreOptions.DEFAULT_DATABASE, options),
          "embedded "
              + config.dataDir().resolve(EmbeddedMongo.STORE_FILE).toAbsolutePath()
              + " (mongo-java-server at "
              + server.connectionString()
              + ")");
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
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

  MongoBillingStore store() {
    return store;
  }

  boolean embedded() {
    return embedded.isPresent();
  }

  /** Which store, without any password: the embedded file, or the hosts and database. */
  String description() {
    return description;
  }

  /** A {@code ping} bounded by {@link #PING_TIMEOUT_MILLIS}; false when it fails or is slow. */
  boolean ping() {
    try {
      store
          .database()
          .withTimeout(PING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
          .runCommand(new Document("ping", 1));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Closes the client, then stops the embedded server, which flushes its file. */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      embedded.ifPresent(EmbeddedMongo::close);
    }
  }
}

package io.agnosticbilling.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A fresh, migrated database for one test, reached through the real driver on the server named by
 * {@code MONGO_URI_TEST}, or else on one in-process mongo-java-server shared by the test JVM. Two
 * clients with separate connection pools reach it, as two server instances would.
 */
final class TestDatabase implements AutoCloseable {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static String connectionString;
  private static MongoClient firstClient;
  private static MongoClient secondClient;

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  /** A new database, emptied and migrated. */
  static TestDatabase fresh() {
    TestDatabase db =
        new TestDatabase(
            "billing_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    db.database().drop();
    MongoMigrations.standard(db.database(), CLOCK, options().webhookRetention()).up();
    return db;
  }

  static synchronized String connectionString() {
    if (connectionString == null) {
      String external = System.getenv("MONGO_URI_TEST");
      if (external != null && !external.isBlank()) {
        connectionString = external;
      } else {
        EmbeddedMongo server = EmbeddedMongo.inMemory();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        connectionString = server.connectionString();
      }
      firstClient = MongoClients.create(connectionString);
      secondClient = MongoClients.create(connectionString);
    }
    return connectionString;
  }

  static MongoStoreOptions options() {
    return MongoStoreOptions.defaults().withClock(CLOCK);
  }

  MongoDatabase database() {
    connectionString();
    return firstClient.getDatabase(name);
  }

  /** The same database through the other client. */
  MongoDatabase viaSecondClient() {
    connectionString();
    return secondClient.getDatabase(name);
  }

  MongoBillingStore store() {
    connectionString();
    return MongoBillingStore.using(firstClient, name, options());
  }

  MongoBillingStore secondStore() {
    connectionString();
    return MongoBillingStore.using(secondClient, name, options());
  }

  @Override
  public void close() {
    database().drop();
  }
}

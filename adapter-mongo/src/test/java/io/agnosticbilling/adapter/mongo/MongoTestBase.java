package io.agnosticbilling.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of every test here: a fresh, migrated database per test, reached through the real driver on
 * the server named by {@code MONGO_URI_TEST}, or else on one in-process mongo-java-server shared by
 * the test JVM. {@link #secondDatabase()} is the same database through a second client.
 */
abstract class MongoTestBase {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static String connectionString;
  private static MongoClient sharedClient;
  private static MongoClient secondClient;

  private String databaseName;

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
      sharedClient = MongoClients.create(connectionString);
      secondClient = MongoClients.create(connectionString);
    }
    return connectionString;
  }

  static MongoClient client() {
    connectionString();
    return sharedClient;
  }

  /** A client with its own connection pool, as another process would have. */
  static MongoClient otherClient() {
    connectionString();
    return secondClient;
  }

  @BeforeEach
  void freshDatabase() {
    databaseName = "billing_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    database().drop();
    MongoMigrations.standard(database(), CLOCK, MongoStoreOptions.defaults().webhookRetention())
        .up();
  }

  @AfterEach
  void dropDatabase() {
    database().drop();
  }

  MongoDatabase database() {
    return client().getDatabase(databaseName);
  }

  MongoDatabase secondDatabase() {
    return otherClient().getDatabase(databaseName);
  }

  MongoBillingStore store() {
    return MongoBillingStore.using(
        client(), databaseName, MongoStoreOptions.defaults().withClock(CLOCK));
  }

  MongoBillingStore secondStore() {
    return MongoBillingStore.using(
        otherClient(), databaseName, MongoStoreOptions.defaults().withClock(CLOCK));
  }
}

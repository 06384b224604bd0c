package io.agnosticbilling.adapter.mongo;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the adapter's own tests: a fresh, migrated {@link TestDatabase} per test. */
abstract class MongoTestBase {
  static final Instant NOW = TestDatabase.NOW;
  static final Clock CLOCK = TestDatabase.CLOCK;

  private TestDatabase db;

  @BeforeEach
  void freshDatabase() {
    db = TestDatabase.fresh();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  MongoDatabase database() {
    return db.database();
  }

  MongoBillingStore store() {
    return db.store();
  }

  MongoDatabase secondDatabase() {
    return db.viaSecondClient();
  }

  /** The same database through a second client with its own connection pool. */
  MongoBillingStore secondStore() {
    return db.secondStore();
  }
}

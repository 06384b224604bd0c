package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Adapter: an ordered list of numbered schema migrations with up and down steps, the applied ones
 * recorded in {@code schema_migrations}, run under a lock document (owner and expiry) in {@code
 * schema_migrations_lock} so that instances starting together apply each step once.
 */
public final class MongoMigrations {
  private static final String LOCK_ID = "migrations";

  private final MongoDatabase database;
  private final List<Migration> migrations;
  private final Clock clock;
  private final Duration lockLease;
  private final Duration lockWait;
  private final String owner = UUID.randomUUID().toString();
  private final MongoCollection<Document> applied;
  private final MongoCollection<Document> lock;
  private final Consumer<MongoDatabase> afterUp;

  /** One numbered step; {@code down} must undo exactly what {@code up} did. */
  public record Migration(
      int number, String description, Consumer<MongoDatabase> up, Consumer<MongoDatabase> down) {
    public Migration {
      if (number < 1) {
        throw new IllegalArgumentException("'number' must be at least 1");
      }
      Objects.requireNonNull(description, "'description' must not be null");
      Objects.requireNonNull(up, "'up' must not be null");
      Objects.requireNonNull(down, "'down' must not be null");
    }
  }

  /** Where one migration stands: applied (and when) or pending. */
  public record Status(int number, String description, Optional<Instant> appliedAt) {
    public boolean applied() {
      return appliedAt.isPresent();
    }
  }

  /**
   * @param lockLease how long the lock holds without renewal; a crashed holder is replaced after it
   * @param lockWait how long to wait for another instance's lock before giving up
   */
  public MongoMigrations(
      MongoDatabase database,
      List<Migration> migrations,
      Clock clock,
      Duration lockLease,
      Duration lockWait) {
    this(database, migrations, clock, lockLease, lockWait, db -> {});
  }

  private MongoMigrations(
      MongoDatabase database,
      List<Migration> migrations,
      Clock clock,
      Duration lockLease,
      Duration lockWait,
      Consumer<MongoDatabase> afterUp) {
    this.afterUp = afterUp;
    this.database = database;
    this.migrations = List.copyOf(migrations);
    this.clock = clock;
    this.lockLease = lockLease;
    this.lockWait = lockWait;
    this.applied = database.getCollection(Schema.MIGRATIONS);
    this.lock = database.getCollection(Schema.MIGRATION_LOCK);
    for (int i = 1; i < this.migrations.size(); i++) {
      if (this.migrations.get(i).number() <= this.migrations.get(i - 1).number()) {
        throw new IllegalArgumentException("migration numbers must be strictly ascending");
      }
    }
  }

  /** The migrations of this adapter, with the given webhook log retention. */
  public static MongoMigrations standard(
      MongoDatabase database, Clock clock, Duration webhookRetention) {
    return new MongoMigrations(
        database,
        StandardMigrations.list(webhookRetention),
        clock,
        Duration.ofMinutes(5),
        Duration.ofMinutes(2),
        db -> StandardMigrations.alignWebhookRetention(db, webhookRetention));
  }

  /** Every known migration in order, with when it was applied. */
  public List<Status> status() {
    Map<Integer, Instant> done = appliedAt();
    List<Status> result = new ArrayList<>();
    for (Migration m : migrations) {
      result.add(
          new Status(m.number(), m.description(), Optional.ofNullable(done.get(m.number()))));
    }
    return result;
  }

  /** Applies every pending migration in order; returns the numbers applied by this call. */
  public List<Integer> up() {
    return locked(
        () -> {
          List<Integer> ran = new ArrayList<>();
          Map<Integer, Instant> done = appliedAt();
          for (Migration m : migrations) {
            if (done.containsKey(m.number())) {
              continue;
            }
            renewLock();
            m.up().accept(database);
            applied.insertOne(
                new Document("_id", m.number())
                    .append("description", m.description())
                    .append("appliedAt", date(clock.instant())));
            ran.add(m.number());
          }
          afterUp.accept(database);
          return ran;
        });
  }

  /** Rolls back the {@code n} most recently applied migrations, newest first. */
  public List<Integer> down(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("'n' must not be negative");
    }
    return locked(
        () -> {
          Map<Integer, Instant> done = appliedAt();
          List<Migration> toUndo = new ArrayList<>();
          for (int i = migrations.size() - 1; i >= 0 && toUndo.size() < n; i--) {
            if (done.containsKey(migrations.get(i).number())) {
              toUndo.add(migrations.get(i));
            }
          }
          List<Integer> undone = new ArrayList<>();
          for (Migration m : toUndo) {
            renewLock();
            m.down().accept(database);
            applied.deleteOne(Filters.eq("_id", m.number()));
            undone.add(m.number());
          }
          return undone;
        });
  }

  private Map<Integer, Instant> appliedAt() {
    Map<Integer, Instant> done = new HashMap<>();
    for (Document d : applied.find().sort(Sorts.ascending("_id"))) {
      StoredDocument s = StoredDocument.of(Schema.MIGRATIONS, d);
      done.put(s.intValue("_id"), s.instant("appliedAt"));
    }
    return done;
  }

  private <T> T locked(Supplier<T> work) {
    acquireLock();
    try {
      return work.get();
    } finally {
      lock.deleteOne(Filters.and(Filters.eq("_id", LOCK_ID), Filters.eq("owner", owner)));
    }
  }

  private void acquireLock() {
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      Instant now = clock.instant();
      try {
        lock.insertOne(
            new Document("_id", LOCK_ID)
                .append("owner", owner)
                .append("expiresAt", date(now.plus(lockLease))));
        return;
      } catch (MongoException e) {
        if (!DuplicateKey.is(e)) {
          throw e;
        }
      }
      // The holder may have died: its lock is ours once expired.
      long taken =
          lock.updateOne(
                  Filters.and(Filters.eq("_id", LOCK_ID), Filters.lte("expiresAt", date(now))),
                  Updates.combine(
                      Updates.set("owner", owner),
                      Updates.set("expiresAt", date(now.plus(lockLease)))))
              .getModifiedCount();
      if (taken == 1) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "another instance holds the migration lock in '"
                + Schema.MIGRATION_LOCK
                + "'; it expires by itself after "
                + lockLease);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the migration lock", e);
      }
    }
  }

  private void renewLock() {
    long renewed =
        lock.updateOne(
                Filters.and(Filters.eq("_id", LOCK_ID), Filters.eq("owner", owner)),
                Updates.set("expiresAt", date(clock.instant().plus(lockLease))))
            .getMatchedCount();
    if (renewed != 1) {
      // Someone took the lock over (ours expired): stop rather than run steps twice.
      throw new IllegalStateException("the migration lock was lost to another instance");
    }
  }
}

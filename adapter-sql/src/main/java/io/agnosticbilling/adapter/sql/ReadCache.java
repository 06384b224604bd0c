package io.agnosticbilling.adapter.sql;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values of rows by key, kept between reads where no other process can write the rows: the SQLite
 * store, which owns its file, and whose only writer thread tells the cache which keys its writes
 * change ({@link #changing}). A hit costs no read transaction (on SQLite each one takes a
 * shared-memory lock and re-reads the pages its connection cached, since any commit discards them).
 *
 * <p>A value is never older than an acknowledged write: a write calls {@link #changing} inside its
 * task (on the writer thread), which removes the key and blocks every store into the cache until
 * its batch has committed or rolled back; then the key is removed again. A read stores what it
 * loaded only when no write began or ended since just before it started loading (the generation did
 * not move), so a value loaded from a snapshot older than a write can never be stored after it.
 * Reads on the writer thread (inside a transaction, which may see its own uncommitted writes)
 * bypass the cache. The store's other connections (PostgreSQL, several processes) use {@link
 * #none}.
 */
final class ReadCache<V> {
  /** Bound of the entries; when full it starts over. */
  static final int REMEMBERED = 4_096;

  private final SqliteDatabase db;
  private final ConcurrentHashMap<String, V> values = new ConcurrentHashMap<>();
  // Guarded by this: writes begun or ended (moves on both), and writes begun but not yet ended.
  private long generation;
  private int changing;
  // Guarded by this: reads that went to the database (tests count them; a hit writes nothing).
  private long loads;

  private ReadCache(SqliteDatabase db) {
    this.db = db;
  }

  /** A cache over {@code db}'s committed state; {@code db} reports the end of each batch. */
  static <V> ReadCache<V> over(SqliteDatabase db) {
    return new ReadCache<>(db);
  }

  /** No cache: every read loads. */
  static <V> ReadCache<V> none() {
    return new ReadCache<>(null);
  }

  /** The value of {@code key}: remembered, or loaded by {@code loader} (a read of the store). */
  Optional<V> get(String key, Supplier<Optional<V>> loader) {
    if (db == null || db.onWriterThread()) {
      return loader.get();
    }
    V known = values.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    long seen;
    synchronized (this) {
      loads++;
      seen = changing == 0 ? generation : -1;
    }
    Optional<V> loaded = loader.get();
    if (seen >= 0 && loaded.isPresent()) {
      synchronized (this) {
        if (changing == 0 && generation == seen) {
          if (values.size() >= REMEMBERED) {
            values.clear();
          }
          values.put(key, loaded.get());
        }
      }
    }
    return loaded;
  }

  /**
   * The running write task changes the row(s) of {@code key}: forget it now and again when the
   * task's batch has committed or rolled back, and store nothing loaded meanwhile. Call from inside
   * the write (on the writer thread); a no-op without a cache.
   */
  void changing(String key) {
    if (db == null) {
      return;
    }
    synchronized (this) {
      generation++;
      changing++;
      values.remove(key);
    }
    db.afterBatch(
        () -> {
          synchronized (this) {
            generation++;
            changing--;
            values.remove(key);
          }
        });
  }

  /** Like {@link #changing} for every key (a migration). */
  void changingAll() {
    if (db == null) {
      return;
    }
    synchronized (this) {
      generation++;
      changing++;
      values.clear();
    }
    db.afterBatch(
        () -> {
          synchronized (this) {
            generation++;
            changing--;
            values.clear();
          }
        });
  }

  /** How many reads outside the writer thread loaded from the database. */
  synchronized long loads() {
    return loads;
  }
}

package io.agnosticbilling.adapter.sql;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Value object: the settings of the SQL store.
 *
 * @param clock the time recorded on applied migrations
 * @param poolSize the most PostgreSQL connections one store holds
 * @param sqliteReaders how many read-only connections a SQLite store keeps beside its writer
 * @param connectTimeout how long to wait for a PostgreSQL connection
 * @param sqliteSync whether a SQLite commit waits for the disk ({@link SqliteSync#FULL}) or only
 *     for the operating system
 */
public record SqlStoreOptions(
    Clock clock, int poolSize, int sqliteReaders, Duration connectTimeout, SqliteSync sqliteSync) {
  public SqlStoreOptions {
    Objects.requireNonNull(clock, "'clock' must not be null");
    Objects.requireNonNull(sqliteSync, "'sqliteSync' must not be null");
    Objects.requireNonNull(connectTimeout, "'connectTimeout' must not be null");
    if (poolSize < 1) {
      throw new IllegalArgumentException("'poolSize' must be at least 1");
    }
    if (sqliteReaders < 1) {
      throw new IllegalArgumentException("'sqliteReaders' must be at least 1");
    }
    if (connectTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("'connectTimeout' must be at least 250 ms");
    }
  }

  /**
   * The system clock, 16 PostgreSQL connections, 8 SQLite readers, 10 s to connect, SQLite commits
   * synced to disk.
   */
  public static SqlStoreOptions defaults() {
    return new SqlStoreOptions(Clock.systemUTC(), 16, 8, Duration.ofSeconds(10), SqliteSync.FULL);
  }

  public SqlStoreOptions withClock(Clock clock) {
    return new SqlStoreOptions(clock, poolSize, sqliteReaders, connectTimeout, sqliteSync);
  }

  public SqlStoreOptions withPoolSize(int poolSize) {
    return new SqlStoreOptions(clock, poolSize, sqliteReaders, connectTimeout, sqliteSync);
  }

  public SqlStoreOptions withConnectTimeout(Duration connectTimeout) {
    return new SqlStoreOptions(clock, poolSize, sqliteReaders, connectTimeout, sqliteSync);
  }

  public SqlStoreOptions withSqliteSync(SqliteSync sqliteSync) {
    return new SqlStoreOptions(clock, poolSize, sqliteReaders, connectTimeout, sqliteSync);
  }
}

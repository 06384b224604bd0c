package io.agnosticbilling.adapter.sql;

/**
 * The connections of one store: reads on their own, writes each in one transaction (which may be
 * shared with other writes, see {@link SqliteDatabase}); a write that throws changes nothing.
 */
interface Database extends AutoCloseable {
  Dialect dialect();

  <T> T read(SqlWork<T> work);

  <T> T write(SqlWork<T> work);

  /**
   * Runs {@code work} (calls to this store's ports, nothing slow) as one transaction: every read
   * and write it makes on this store sees the others and commits together, or nothing does.
   */
  <T> T transaction(java.util.function.Supplier<T> work);

  /** Runs DDL work holding the database-wide migration lock. */
  <T> T migrating(SqlWork<T> work);

  /**
   * The store-wide cache named {@code name} of values read by key, for rows only this store's
   * writes change: {@link ReadCache#none()} where other processes may write them too.
   */
  <V> ReadCache<V> readCache(String name);

  /** A trivial query that fails when the database does not answer. */
  void ping();

  String description();

  @Override
  void close();
}

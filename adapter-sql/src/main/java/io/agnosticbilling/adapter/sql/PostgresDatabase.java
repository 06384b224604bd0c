package io.agnosticbilling.adapter.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * PostgreSQL through a HikariCP pool. Every write is one transaction at READ COMMITTED; instances
 * coordinate only through the database (unique constraints, compare-and-set on versions,
 * conditional updates, {@code INSERT ... ON CONFLICT}); a transaction failing with a serialization
 * failure or deadlock is retried.
 */
final class PostgresDatabase implements Database {
  private static final String SERIALIZATION_FAILURE = "40001";
  private static final String DEADLOCK = "40P01";
  private static final int ATTEMPTS = 3;

  /** First key of the migration advisory lock; the second is the schema's hash. */
  private static final int MIGRATION_LOCK = 0x53514c31;

  private final HikariDataSource pool;
  private final String description;

  /** The transaction {@link #transaction} opened on this thread, which nested calls join. */
  private final ThreadLocal<Handle> current = new ThreadLocal<>();

  private PostgresDatabase(HikariDataSource pool, String description) {
    this.pool = pool;
    this.description = description;
  }

  static PostgresDatabase connect(String url, SqlStoreOptions options) {
    Target target = Target.parse(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.jdbcUrl());
    target.user().ifPresent(config::setUsername);
    target.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(options.poolSize());
    config.setMinimumIdle(Math.min(2, options.poolSize()));
    config.setPoolName("billing-postgresql");
    config.setConnectionTimeout(options.connectTimeout().toMillis());
    config.setInitializationFailTimeout(options.connectTimeout().toMillis());
    try {
      return new PostgresDatabase(new HikariDataSource(config), target.description());
    } catch (RuntimeException e) {
      throw new SqlStoreException(
          "cannot connect to " + target.description() + ": " + rootMessage(e), e);
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    Handle joined = current.get();
    if (joined != null) {
      try {
        return work.run(joined);
      } catch (SQLException e) {
        throw failed(e);
      }
    }
    try (Connection c = pool.getConnection()) {
      Handle handle = Handle.borrowed(c);
      try {
        return work.run(handle);
      } finally {
        handle.release();
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    Handle joined = current.get();
    if (joined != null) {
      return nested(joined, work);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction(work);
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && retryable(e)) {
          continue;
        }
        throw failed(e);
      }
    }
  }

  /**
   * A write inside {@link #transaction}, on its connection. No savepoint (a round trip and a
   * subtransaction each): every port refuses (version conflict, duplicate) before it writes
   * anything, so a refusal leaves nothing to undo; a database error aborts the whole transaction,
   * which then fails as a whole.
   */
  private <T> T nested(Handle h, SqlWork<T> work) {
    try {
      return work.run(h);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /**
   * Runs {@code work} as one transaction on one pooled connection. A compare-and-set save inside it
   * is held back and sent with the COMMIT ({@link SqlOrganizations}); when it is refused there
   * (another writer saved the organization first), the transaction is rolled back whole and the
   * work runs again from the start, at most {@link #SAVE_ATTEMPTS} times: the work does nothing
   * outside the store before its commit (the {@code Transactions} port's contract), so running it
   * again is as if the first run never happened.
   */
  @Override
  public <T> T transaction(java.util.function.Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    for (int attempt = 1; ; attempt++) {
      Handle handle = null;
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        handle = Handle.transaction(c);
        current.set(handle);
        try {
          T result = work.get();
          handle.commit();
          return result;
        } catch (SQLException | RuntimeException | Error e) {
          c.rollback();
          throw e;
        } finally {
          current.remove();
          handle.release();
          c.setAutoCommit(true);
        }
      } catch (SQLException | RuntimeException e) {
        if (handle == null || !handle.saveRefused()) {
          throw e instanceof SQLException sql ? failed(sql) : (RuntimeException) e;
        }
        if (attempt == SAVE_ATTEMPTS) {
          throw new ConcurrentUpdateException(
              "an organization kept changing under this transaction: "
                  + SAVE_ATTEMPTS
                  + " attempts refused");
        }
      }
    }
  }

  /**
   * How often {@link #transaction} runs work whose held-back save is refused: as often as the
   * domain's updater tries a refused save by default ({@code BillingSettings.saveAttempts}), so
   * holding the save back tolerates as many writers racing on one organization as before.
   */
  static final int SAVE_ATTEMPTS = 20;

  private <T> T transaction(SqlWork<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      Handle handle = Handle.borrowed(c);
      try {
        T result = work.run(handle);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        c.rollback();
        throw e;
      } finally {
        handle.release();
        c.setAutoCommit(true);
      }
    }
  }

  @Override
  public <T> T migrating(SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      Handle handle = Handle.borrowed(c);
      // Session-level advisory lock, per schema: instances starting together take turns.
      handle.one(
          "SELECT pg_advisory_lock(?, hashtext(current_schema()))",
          rs -> rs.getObject(1),
          MIGRATION_LOCK);
      try {
        c.setAutoCommit(false);
        T result = work.run(handle);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
        handle.one(
            "SELECT pg_advisory_unlock(?, hashtext(current_schema()))",
            rs -> rs.getObject(1),
            MIGRATION_LOCK);
        handle.release();
      }
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Other instances write the same database: nothing is kept between reads. */
  @Override
  public <V> ReadCache<V> readCache(String name) {
    return ReadCache.none();
  }

  @Override
  public void ping() {
    read(h -> h.number("SELECT 1"));
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static boolean retryable(SQLException e) {
    return SERIALIZATION_FAILURE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
  }

  private SqlStoreException failed(SQLException e) {
    return new SqlStoreException("PostgreSQL (" + description + ") failed: " + e.getMessage(), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** Where to connect: a JDBC URL plus credentials, and a description without any secret. */
  record Target(
      String jdbcUrl, Optional<String> user, Optional<String> password, String description) {

    /** {@code postgres(ql)://user:pass@host:port/db?params} or {@code jdbc:postgresql://...}. */
    static Target parse(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("'url' of PostgreSQL must not be blank");
      }
      String trimmed = url.trim();
      if (trimmed.startsWith("jdbc:postgresql://")) {
        String rest = trimmed.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        int slash = path.indexOf('/');
        String hosts = slash < 0 ? path : path.substring(0, slash);
        String db = slash < 0 ? "" : path.substring(slash + 1);
        return new Target(
            trimmed, Optional.empty(), Optional.empty(), "postgresql " + hosts + "/" + db);
      }
      if (!trimmed.startsWith("postgres://") && !trimmed.startsWith("postgresql://")) {
        throw new IllegalArgumentException(
            "a PostgreSQL URL starts with postgres://, postgresql:// or jdbc:postgresql://");
      }
      URI uri = URI.create(trimmed);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("the PostgreSQL URL names no host");
      }
      String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
      String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
      String jdbc =
          "jdbc:postgresql://"
              + host
              + "/"
              + db
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      Optional<String> user = Optional.empty();
      Optional<String> password = Optional.empty();
      String info = uri.getRawUserInfo();
      if (info != null && !info.isEmpty()) {
        int colon = info.indexOf(':');
        user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
        if (colon >= 0) {
          password = Optional.of(decode(info.substring(colon + 1)));
        }
      }
      return new Target(jdbc, user, password, "postgresql " + host + "/" + decode(db));
    }

    private static String decode(String s) {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return description; // never the password
    }
  }
}

package io.agnosticbilling.adapter.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One connection as the adapter uses it: prepared statements (kept per connection where the
 * connection lives as long as the store, as SQLite's do), with helpers binding parameters in order.
 */
final class Handle {
  private final Connection connection;
  private final Map<String, PreparedStatement> cache;
  private final List<PreparedStatement> opened = new ArrayList<>();

  private Handle(Connection connection, boolean caching) {
    this.connection = connection;
    this.cache = caching ? new HashMap<>() : null;
  }

  /** A handle whose statements are prepared once and reused for the life of the connection. */
  static Handle caching(Connection connection) {
    return new Handle(connection, true);
  }

  /** A handle for one borrowing of a pooled connection; {@link #release} closes its statements. */
  static Handle borrowed(Connection connection) {
    return new Handle(connection, false);
  }

  Connection connection() {
    return connection;
  }

  PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement statement;
    if (cache != null) {
      statement = cache.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        cache.put(sql, statement);
      } else {
        statement.clearParameters();
      }
    } else {
      statement = connection.prepareStatement(sql);
      opened.add(statement);
    }
    for (int i = 0; i < params.length; i++) {
      bind(statement, i + 1, params[i]);
    }
    return statement;
  }

  int update(String sql, Object... params) throws SQLException {
    return prepare(sql, params).executeUpdate();
  }

  void execute(String sql) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  <T> Optional<T> one(String sql, RowReader<T> reader, Object... params) throws SQLException {
    try (ResultSet rs = prepare(sql, params).executeQuery()) {
      return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
    }
  }

  <T> List<T> list(String sql, RowReader<T> reader, Object... params) throws SQLException {
    List<T> result = new ArrayList<>();
    try (ResultSet rs = prepare(sql, params).executeQuery()) {
      while (rs.next()) {
        result.add(reader.read(rs));
      }
    }
    return result;
  }

  /** The first column of the only row, a count or a sum (0 when the row holds null). */
  long number(String sql, Object... params) throws SQLException {
    try (ResultSet rs = prepare(sql, params).executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Closes the statements of a borrowed connection; cached ones live with their connection. */
  void release() {
    for (PreparedStatement s : opened) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // Closing a statement of a connection going back to the pool: nothing left to save.
      }
    }
    opened.clear();
  }

  /** Closes the cached statements (the store is closing). */
  void closeStatements() {
    if (cache != null) {
      for (PreparedStatement s : cache.values()) {
        try {
          s.close();
        } catch (SQLException ignored) {
          // The connection closes right after.
        }
      }
      cache.clear();
    }
    release();
  }

  private static void bind(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value == null) {
      // Untyped null: PostgreSQL infers the column's type, SQLite needs none.
      statement.setObject(index, null);
    } else if (value instanceof String s) {
      statement.setString(index, s);
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Integer n) {
      statement.setInt(index, n);
    } else if (value instanceof Boolean b) {
      statement.setBoolean(index, b);
    } else {
      throw new IllegalArgumentException(
          "cannot bind a " + value.getClass().getSimpleName() + " as parameter " + index);
    }
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}

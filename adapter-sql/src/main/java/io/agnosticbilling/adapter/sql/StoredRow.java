package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.error.StoredDataException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A row read from a table, whose getters turn a missing or unreadable column into a {@link
 * StoredDataException} naming the table, the row's key and the column.
 */
final class StoredRow {
  private final String table;
  private final String key;
  private final ResultSet rs;

  private StoredRow(String table, String key, ResultSet rs) {
    this.table = table;
    this.key = key;
    this.rs = rs;
  }

  /** The current row of {@code rs}; {@code keyColumn} names it in error messages. */
  static StoredRow of(String table, String keyColumn, ResultSet rs) throws SQLException {
    return new StoredRow(table, String.valueOf(rs.getString(keyColumn)), rs);
  }

  static StoredRow keyed(String table, String key, ResultSet rs) {
    return new StoredRow(table, key, rs);
  }

  String key() {
    return key;
  }

  String string(String column) throws SQLException {
    return optionalString(column).orElseThrow(() -> invalid(column, "is missing"));
  }

  Optional<String> optionalString(String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  long longValue(String column) throws SQLException {
    Object raw = rs.getObject(column);
    if (raw == null) {
      throw invalid(column, "is missing");
    }
    if (!(raw instanceof Number n)) {
      throw invalid(column, "should be a number but is '" + raw + "'");
    }
    return n.longValue();
  }

  int intValue(String column) throws SQLException {
    long value = longValue(column);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalid(column, "is out of range: " + value);
    }
    return (int) value;
  }

  boolean bool(String column) throws SQLException {
    Object raw = rs.getObject(column);
    if (raw == null) {
      throw invalid(column, "is missing");
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
      return n.longValue() == 1;
    }
    throw invalid(column, "should be a boolean but is '" + raw + "'");
  }

  Instant instant(String column) throws SQLException {
    return Micros.instant(longValue(column));
  }

  Optional<Instant> optionalInstant(String column) throws SQLException {
    return rs.getObject(column) == null ? Optional.empty() : Optional.of(instant(column));
  }

  /** A column holding a name the domain parses; unknown names are bad data, not a default. */
  <T> T named(String column, Function<String, Optional<T>> parser) throws SQLException {
    String value = string(column);
    return parser
        .apply(value)
        .orElseThrow(() -> invalid(column, "has unknown value '" + value + "'"));
  }

  /** A value the domain builds from a stored column and may reject. */
  <T> T parsed(String column, Function<String, T> parser) throws SQLException {
    String value = string(column);
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new StoredDataException(where(column) + " is invalid: " + e.getMessage(), e);
    }
  }

  StoredDataException invalid(String column, String problem) {
    return new StoredDataException(where(column) + " " + problem);
  }

  /** Wraps a refusal of a domain constructor fed with this row's columns. */
  StoredDataException rejected(RuntimeException cause) {
    return rejected(table, key, cause);
  }

  static StoredDataException rejected(String table, String key, RuntimeException cause) {
    return new StoredDataException(
        "row '"
            + key
            + "' in table '"
            + table
            + "' was refused by the domain: "
            + cause.getMessage(),
        cause);
  }

  private String where(String column) {
    return "column '" + column + "' of row '" + key + "' in table '" + table + "'";
  }
}

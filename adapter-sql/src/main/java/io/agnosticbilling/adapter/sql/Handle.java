package io.agnosticbilling.adapter.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  // PostgreSQL transactions only (see transaction()): what this transaction claimed with its row
  // written, the claims whose row is not written yet (the values of its INSERT, which the finish
  // changes), and the checked statements held back to be sent with the COMMIT, in order.
  private final Map<String, Integer> claims;
  private final Map<String, HeldWrite> unwritten;
  private final List<HeldWrite> held = new ArrayList<>();
  // A held statement is a checked compare-and-set save (deferSaveUntilCommit), and whether one
  // failed its check when sent: the transaction is then rolled back and may be run again.
  private boolean holdsSave;
  private boolean saveRefused;
  // PostgreSQL transactions only: rows this transaction read or wrote, by key (noteRow).
  private final Map<String, Object> noted;
  // PostgreSQL transactions only: a row read ahead in another statement's round trip, which the
  // next statement on this handle takes instead of asking again if it is that very query (see
  // oneAfter); any other statement, or one held back, drops it.
  private String prefetchedSql;
  private Object prefetchedParam;
  private Optional<?> prefetchedRow;

  private Handle(Connection connection, boolean caching, boolean deferring) {
    this.connection = connection;
    this.cache = caching ? new HashMap<>() : null;
    this.claims = deferring ? new HashMap<>() : null;
    this.unwritten = deferring ? new LinkedHashMap<>() : null;
    this.noted = deferring ? new HashMap<>() : null;
  }

  /** A handle whose statements are prepared once and reused for the life of the connection. */
  static Handle caching(Connection connection) {
    return new Handle(connection, true, false);
  }

  /** A handle for one borrowing of a pooled connection; {@link #release} closes its statements. */
  static Handle borrowed(Connection connection) {
    return new Handle(connection, false, false);
  }

  /**
   * A handle for one PostgreSQL transaction on a borrowed connection: it remembers the webhook
   * claims the transaction made ({@link #claimed}), the rows it read ({@link #noteRow}), and may
   * hold back checked statements to send with the COMMIT ({@link #deferUntilCommit}, {@link
   * #deferSaveUntilCommit}, {@link #commit}).
   */
  static Handle transaction(Connection connection) {
    return new Handle(connection, false, true);
  }

  /** Notes that this transaction claimed {@code key} at {@code attempt} (and holds its row). */
  void claimed(String key, int attempt) {
    if (claims != null) {
      claims.put(key, attempt);
    }
  }

  /** Whether this transaction claimed {@code key} at {@code attempt}. */
  boolean claimedHere(String key, int attempt) {
    return claims != null && Integer.valueOf(attempt).equals(claims.get(key));
  }

  /** Forgets the claim of {@code key} (its finish is written or held back). */
  void finished(String key) {
    if (claims != null) {
      claims.remove(key);
    }
  }

  /**
   * Whether claims may be held unwritten ({@link #claimedUnwritten}): a PostgreSQL transaction's
   * handle.
   */
  boolean holdsClaims() {
    return unwritten != null;
  }

  /**
   * Notes that this transaction claimed {@code key} at its first attempt without writing its row:
   * {@code insertSql} with {@code values} writes it as claimed. Its finish changes the values and
   * sends the INSERT with the COMMIT ({@link #unwrittenClaim}, {@link #finishUnwritten}); {@link
   * #writeClaims} (a read of the claimed rows inside the transaction) and a commit without a finish
   * write it as it was claimed.
   */
  void claimedUnwritten(String key, String insertSql, Object[] values) {
    unwritten.put(key, new HeldWrite(insertSql, values));
  }

  /** The values of the held INSERT of the unwritten claim of {@code key}, to change; or null. */
  Object[] unwrittenClaim(String key) {
    HeldWrite held = unwritten == null ? null : unwritten.get(key);
    return held == null ? null : held.values();
  }

  /** Sends the held INSERT of the claim of {@code key}, as its values now are, with the COMMIT. */
  void finishUnwritten(String key) throws SQLException {
    HeldWrite claim = unwritten.remove(key);
    deferUntilCommit(claim.sql(), claim.values());
  }

  /** Writes the rows of the claims held unwritten now, as claimed (attempt 1). */
  void writeClaims() throws SQLException {
    if (unwritten == null || unwritten.isEmpty()) {
      return;
    }
    List<Map.Entry<String, HeldWrite>> held = new ArrayList<>(unwritten.entrySet());
    unwritten.clear();
    for (Map.Entry<String, HeldWrite> claim : held) {
      prepare(claim.getValue().sql(), claim.getValue().values()).executeUpdate();
      claims.put(claim.getKey(), 1);
    }
  }

  private record HeldWrite(String sql, Object[] values) {}

  /**
   * Runs the statement {@code first} and the query {@code query} in one round trip and reads the
   * query's first row ({@code params} bind both, in order; {@code first}'s result is not read). At
   * READ COMMITTED each statement takes its own snapshot: the query sees what was committed while
   * {@code first} waited (for a lock).
   */
  <T> Optional<T> oneAfter(String first, String query, RowReader<T> reader, Object... params)
      throws SQLException {
    PreparedStatement statement = prepare(first + "; " + query, params);
    statement.execute();
    if (!statement.getMoreResults()) {
      throw new SQLException("no result of the query after " + first);
    }
    try (ResultSet rs = statement.getResultSet()) {
      return rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
    }
  }

  /**
   * As {@link #oneAfter(String, String, RowReader, Object...)}, and in the same round trip (on a
   * PostgreSQL transaction's handle; elsewhere nothing is read ahead) the single-row query {@code
   * ahead} with the one parameter {@code aheadParam}, whose row {@code aheadReader} reads. The
   * handle keeps that row for the next statement run on it: if that statement is {@link #one} of
   * the same SQL and parameter, it is answered with the row read ahead without asking PostgreSQL
   * again; any other statement (or one held back for the COMMIT) drops it. So it is used at most
   * once, and only by the read that would otherwise have come right after: at READ COMMITTED that
   * read would have taken a snapshot of its own a moment later, which is no more current for what
   * follows (a compare-and-set on the row's version catches any change in between either way).
   * {@code ahead} runs after {@code query}, so after {@code first}'s lock wait too. The caller
   * guarantees that the same SQL is always read with the same reader.
   */
  <T, A> Optional<T> oneAfter(
      String first,
      String query,
      RowReader<T> reader,
      Object[] params,
      String ahead,
      Object aheadParam,
      RowReader<A> aheadReader)
      throws SQLException {
    if (claims == null) {
      return oneAfter(first, query, reader, params);
    }
    Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
    all[params.length] = aheadParam;
    PreparedStatement statement = prepare(first + "; " + query + "; " + ahead, all);
    statement.execute();
    if (!statement.getMoreResults()) {
      throw new SQLException("no result of the query after " + first);
    }
    Optional<T> row;
    try (ResultSet rs = statement.getResultSet()) {
      row = rs.next() ? Optional.of(reader.read(rs)) : Optional.empty();
    }
    if (!statement.getMoreResults()) {
      throw new SQLException("no result of the query read ahead after " + query);
    }
    try (ResultSet rs = statement.getResultSet()) {
      prefetchedRow = rs.next() ? Optional.of(aheadReader.read(rs)) : Optional.empty();
    }
    prefetchedSql = ahead;
    prefetchedParam = aheadParam;
    return row;
  }

  /**
   * Holds {@code checkedSql} back to be sent in the same round trip as the COMMIT, after the
   * statements held back before it, when this is a PostgreSQL transaction's handle; returns false
   * (the caller runs its statement now) otherwise. {@code checkedSql} must be a statement that
   * fails (and so aborts the transaction before the COMMIT runs) when its write did not happen as
   * expected (a query that checks an update's count, or an INSERT, which fails on a duplicate key),
   * or one that cannot miss. Any statement run on this handle afterwards first sends the held-back
   * ones, so the transaction reads its own writes as before.
   */
  boolean deferUntilCommit(String checkedSql, Object... params) {
    if (claims == null) {
      return false;
    }
    // A row read ahead predates this write: the next read must ask again (after sending it).
    dropPrefetched();
    held.add(new HeldWrite(checkedSql, params));
    return true;
  }

  /**
   * As {@link #deferUntilCommit}, for a compare-and-set save checked by a division by zero when it
   * updated no row. If it fails when sent, {@link #saveRefused()} says so: the transaction is
   * rolled back, and its work may run again from the start (see {@code PostgresDatabase}).
   */
  void deferSaveUntilCommit(String checkedSql, Object... params) {
    if (!deferUntilCommit(checkedSql, params)) {
      throw new IllegalStateException("only a PostgreSQL transaction holds a save back");
    }
    holdsSave = true;
  }

  /** Whether a held-back save was refused (its compare-and-set missed) when sent. */
  boolean saveRefused() {
    return saveRefused;
  }

  /** Notes {@code row} under {@code key} for the rest of a PostgreSQL transaction; else nothing. */
  void noteRow(String key, Object row) {
    if (noted != null) {
      noted.put(key, row);
    }
  }

  /** The row noted under {@code key} in this transaction, or null. */
  Object notedRow(String key) {
    return noted == null ? null : noted.get(key);
  }

  /**
   * Commits: the held-back statements and the COMMIT as one round trip (statements of one prepared
   * statement, one Sync: if one fails, PostgreSQL skips the rest and the COMMIT, and the
   * transaction is rolled back), else a plain commit.
   */
  void commit() throws SQLException {
    dropPrefetched();
    // A claim never finished is committed as claimed, its lease running, as when written at once.
    writeClaims();
    sendHeld(true);
    // A no-op for the driver when the COMMIT above ended the transaction.
    connection.commit();
  }

  private static final String DIVISION_BY_ZERO = "22012";

  /** Sends the held-back statements (with the COMMIT) as one prepared statement, one Sync. */
  private void sendHeld(boolean withCommit) throws SQLException {
    if (held.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder();
    List<Object> params = new ArrayList<>();
    for (HeldWrite write : held) {
      sql.append(sql.length() == 0 ? "" : "; ").append(write.sql());
      params.addAll(java.util.Arrays.asList(write.values()));
    }
    if (withCommit) {
      sql.append("; COMMIT");
    }
    held.clear();
    boolean checksSave = holdsSave;
    holdsSave = false;
    PreparedStatement statement = connection.prepareStatement(sql.toString());
    opened.add(statement);
    for (int i = 0; i < params.size(); i++) {
      bind(statement, i + 1, params.get(i));
    }
    try {
      statement.execute();
    } catch (SQLException e) {
      if (checksSave && DIVISION_BY_ZERO.equals(e.getSQLState())) {
        saveRefused = true;
      }
      throw e;
    }
  }

  private void dropPrefetched() {
    prefetchedSql = null;
    prefetchedParam = null;
    prefetchedRow = null;
  }

  private void flush() throws SQLException {
    sendHeld(false);
  }

  Connection connection() {
    return connection;
  }

  PreparedStatement prepare(String sql, Object... params) throws SQLException {
    dropPrefetched();
    flush();
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
    dropPrefetched();
    flush();
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  <T> Optional<T> one(String sql, RowReader<T> reader, Object... params) throws SQLException {
    if (prefetchedSql != null
        && prefetchedSql.equals(sql)
        && params.length == 1
        && prefetchedParam.equals(params[0])) {
      @SuppressWarnings("unchecked") // the same SQL is read with the same reader (oneAfter)
      Optional<T> row = (Optional<T>) prefetchedRow;
      dropPrefetched();
      return row;
    }
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

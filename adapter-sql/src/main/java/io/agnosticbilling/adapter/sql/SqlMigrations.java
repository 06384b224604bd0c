package io.agnosticbilling.adapter.sql;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter: the numbered schema migrations of the SQL store, each with up and down steps per
 * dialect, the applied ones recorded in {@code schema_migrations}; {@code up} and {@code down} run
 * under the database-wide migration lock (an advisory lock on PostgreSQL, the single writer on
 * SQLite), each in one transaction, so instances starting together apply each step once.
 */
public final class SqlMigrations {
  private static final String CREATE_HISTORY =
      "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY,"
          + " description TEXT NOT NULL, applied_at {BIGINT} NOT NULL)";

  private final Database database;
  private final List<Migration> migrations;
  private final Clock clock;

  /**
   * One numbered step; {@code down} must undo exactly what {@code up} did. Statements may use the
   * type placeholders {@code {BIGINT}} and {@code {BOOL}}; the lists are per dialect where the SQL
   * differs.
   */
  public record Migration(
      int number,
      String description,
      Map<Dialect, List<String>> up,
      Map<Dialect, List<String>> down) {
    public Migration {
      if (number < 1) {
        throw new IllegalArgumentException("'number' must be at least 1");
      }
      Objects.requireNonNull(description, "'description' must not be null");
      up = Map.copyOf(up);
      down = Map.copyOf(down);
      for (Dialect d : Dialect.values()) {
        if (!up.containsKey(d) || !down.containsKey(d)) {
          throw new IllegalArgumentException(
              "migration " + number + " must have up and down steps for " + d);
        }
      }
    }

    /** The same statements on every dialect. */
    public static Migration everywhere(
        int number, String description, List<String> up, List<String> down) {
      Map<Dialect, List<String>> ups = new HashMap<>();
      Map<Dialect, List<String>> downs = new HashMap<>();
      for (Dialect d : Dialect.values()) {
        ups.put(d, up);
        downs.put(d, down);
      }
      return new Migration(number, description, ups, downs);
    }
  }

  /** Where one migration stands: applied (and when) or pending. */
  public record Status(int number, String description, Optional<Instant> appliedAt) {
    public boolean applied() {
      return appliedAt.isPresent();
    }
  }

  SqlMigrations(Database database, List<Migration> migrations, Clock clock) {
    this.database = database;
    this.migrations = List.copyOf(migrations);
    this.clock = clock;
    for (int i = 1; i < this.migrations.size(); i++) {
      if (this.migrations.get(i).number() <= this.migrations.get(i - 1).number()) {
        throw new IllegalArgumentException("migration numbers must be strictly ascending");
      }
    }
  }

  /** Every known migration in order, with when it was applied. */
  public List<Status> status() {
    Map<Integer, Instant> done = database.read(this::appliedAt);
    List<Status> result = new ArrayList<>();
    for (Migration m : migrations) {
      result.add(
          new Status(m.number(), m.description(), Optional.ofNullable(done.get(m.number()))));
    }
    return result;
  }

  /** Applies every pending migration in order; returns the numbers applied by this call. */
  public List<Integer> up() {
    return database.migrating(
        h -> {
          h.execute(database.dialect().ddl(CREATE_HISTORY));
          Map<Integer, Instant> done = appliedAt(h);
          List<Integer> ran = new ArrayList<>();
          for (Migration m : migrations) {
            if (done.containsKey(m.number())) {
              continue;
            }
            for (String sql : m.up().get(database.dialect())) {
              h.execute(database.dialect().ddl(sql));
            }
            h.update(
                "INSERT INTO schema_migrations (number, description, applied_at) VALUES (?, ?, ?)",
                m.number(),
                m.description(),
                Micros.of(clock.instant()));
            ran.add(m.number());
          }
          return ran;
        });
  }

  /** Rolls back the {@code n} most recently applied migrations, newest first. */
  public List<Integer> down(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("'n' must not be negative");
    }
    return database.migrating(
        h -> {
          h.execute(database.dialect().ddl(CREATE_HISTORY));
          Map<Integer, Instant> done = appliedAt(h);
          List<Integer> undone = new ArrayList<>();
          for (int i = migrations.size() - 1; i >= 0 && undone.size() < n; i--) {
            Migration m = migrations.get(i);
            if (!done.containsKey(m.number())) {
              continue;
            }
            for (String sql : m.down().get(database.dialect())) {
              h.execute(database.dialect().ddl(sql));
            }
            h.update("DELETE FROM schema_migrations WHERE number = ?", m.number());
            undone.add(m.number());
          }
          return undone;
        });
  }

  private Map<Integer, Instant> appliedAt(Handle h) throws SQLException {
    Map<Integer, Instant> done = new HashMap<>();
    if (!historyExists(h)) {
      return done;
    }
    for (Object[] row :
        h.list(
            "SELECT number, applied_at FROM schema_migrations",
            rs -> new Object[] {rs.getInt(1), rs.getLong(2)})) {
      done.put((Integer) row[0], Micros.instant((Long) row[1]));
    }
    return done;
  }

  private boolean historyExists(Handle h) throws SQLException {
    String sql =
        database.dialect() == Dialect.SQLITE
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
            : "SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_name = ?";
    return h.number(sql, "schema_migrations") > 0;
  }
}

package io.agnosticbilling.adapter.sql;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, migrated store for one test: a SQLite file in a new temporary directory, or a new schema
 * in the PostgreSQL database named by {@code PG_URL_TEST} (two pools on it when asked, as two
 * server instances). When PostgreSQL does not answer, its tests are skipped saying why, and fail
 * under {@code CI=true}.
 */
abstract class Fixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String DEFAULT_PG_URL =
      "postgres://billing_test:billing_test@127.0.0.1:5432/billing_test";

  static SqlStoreOptions options() {
    return SqlStoreOptions.defaults()
        .withClock(CLOCK)
        .withPoolSize(8)
        .withConnectTimeout(Duration.ofSeconds(5));
  }

  /** The store under test. */
  abstract SqlBillingStore first();

  @Override
  public abstract void close();

  /** A second client on the same data: another pool on PostgreSQL, the same store on SQLite. */
  abstract SqlBillingStore second();

  static SqliteFixture sqlite() {
    return new SqliteFixture(true);
  }

  static PostgresFixture postgres() {
    return new PostgresFixture(true);
  }

  /** An empty database, no migration applied. */
  static Fixture unmigrated(String dialect) {
    return dialect.equals("sqlite") ? new SqliteFixture(false) : new PostgresFixture(false);
  }

  /** A migrated store of the named dialect ("sqlite" or "postgresql"). */
  static Fixture of(String dialect) {
    return dialect.equals("sqlite") ? sqlite() : postgres();
  }

  /** A SQLite file in a new temporary directory; the one writer is shared by every client. */
  static final class SqliteFixture extends Fixture {
    final Path dir;
    final Path file;
    private final SqlBillingStore store;

    SqliteFixture(boolean migrate) {
      try {
        dir = Files.createTempDirectory("billing-sql-test");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      file = dir.resolve("billing.db");
      store = SqlBillingStore.sqlite(file, options());
      if (migrate) {
        store.migrations().up();
      }
    }

    @Override
    SqlBillingStore first() {
      return store;
    }

    @Override
    SqlBillingStore second() {
      // One process owns the file: a second client is the same writer reached again.
      return store;
    }

    @Override
    public void close() {
      store.close();
      deleteRecursively(dir);
    }
  }

  /** A new schema in the test database, reached by one pool, and a second one on demand. */
  static final class PostgresFixture extends Fixture {
    final String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    final String url;
    private final SqlBillingStore store;
    private SqlBillingStore second;

    PostgresFixture(boolean migrate) {
      String base = baseUrl();
      requireAnswer(base);
      admin(base, "CREATE SCHEMA " + schema);
      url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      store = SqlBillingStore.postgres(url, options());
      if (migrate) {
        store.migrations().up();
      }
    }

    static String baseUrl() {
      String url = System.getenv("PG_URL_TEST");
      return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
    }

    @Override
    SqlBillingStore first() {
      return store;
    }

    @Override
    synchronized SqlBillingStore second() {
      if (second == null) {
        second = SqlBillingStore.postgres(url, options());
      }
      return second;
    }

    /** Runs one statement on its own connection. */
    void sql(String statement) {
      admin(url, statement);
    }

    @Override
    public void close() {
      store.close();
      if (second != null) {
        second.close();
      }
      admin(baseUrl(), "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void admin(String url, String statement) {
      PostgresDatabase.Target target = PostgresDatabase.Target.parse(url);
      try (Connection c =
              DriverManager.getConnection(
                  target.jdbcUrl(), target.user().orElse(null), target.password().orElse(null));
          var s = c.createStatement()) {
        s.execute(statement);
      } catch (SQLException e) {
        throw new IllegalStateException(statement + ": " + e.getMessage(), e);
      }
    }

    private static volatile String unreachable;
    private static volatile boolean checked;

    /** Skips (or under CI=true fails) the test when PostgreSQL does not answer. */
    private static void requireAnswer(String url) {
      if (!checked) {
        synchronized (PostgresFixture.class) {
          if (!checked) {
            PostgresDatabase.Target target = PostgresDatabase.Target.parse(url);
            DriverManager.setLoginTimeout(3);
            try (Connection c =
                DriverManager.getConnection(
                    target.jdbcUrl(), target.user().orElse(null), target.password().orElse(null))) {
              unreachable = null;
            } catch (SQLException e) {
              unreachable =
                  "PostgreSQL at "
                      + target.description()
                      + " (PG_URL_TEST) does not answer: "
                      + e.getMessage();
            }
            checked = true;
          }
        }
      }
      if (unreachable != null) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(unreachable + " (CI=true: a missing PostgreSQL fails the build; .ci/run starts it)");
        }
        System.err.println("SKIPPED: " + unreachable);
        Assumptions.abort(unreachable);
      }
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is harmless.
    }
  }
}

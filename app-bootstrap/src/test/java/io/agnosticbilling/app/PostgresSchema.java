package io.agnosticbilling.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the PostgreSQL test database ({@code PG_URL_TEST}, the role and database
 * .ci/run creates), dropped on close: each test run gets an empty store without needing CREATEDB.
 * When PostgreSQL does not answer the test is skipped saying why, and fails under {@code CI=true}.
 */
final class PostgresSchema implements AutoCloseable {
  static final String DEFAULT_URL =
      "postgres://billing_test:billing_test@127.0.0.1:5432/billing_test";

  private final String base;
  private final String schema;

  private PostgresSchema(String base, String schema) {
    this.base = base;
    this.schema = schema;
  }

  /** Creates the schema, or skips (fails under CI) the calling test when PostgreSQL is absent. */
  static PostgresSchema create(String prefix) {
    String base = System.getenv().getOrDefault("PG_URL_TEST", DEFAULT_URL);
    if (base.isBlank()) {
      base = DEFAULT_URL;
    }
    String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try {
      execute(base, "CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      String reason =
          "PostgreSQL at "
              + SecretMask.hostAndDatabase(base)
              + " does not answer: "
              + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(reason + " (CI=true: a missing PostgreSQL fails the build; .ci/run starts it)");
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return new PostgresSchema(base, schema);
  }

  /** {@code DATABASE_URL} for the server: the test database with this schema as the current one. */
  String databaseUrl() {
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** {@code host:port/db}, as the server's start-up log names the database. */
  String hostAndDatabase() {
    return SecretMask.hostAndDatabase(base);
  }

  String schema() {
    return schema;
  }

  @Override
  public void close() {
    try {
      execute(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      System.out.println("could not drop the test schema " + schema + ": " + e.getMessage());
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    DriverManager.setLoginTimeout(3);
    try (Connection c = connect(url);
        var statement = c.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Connection connect(String url) throws SQLException {
    if (url.startsWith("jdbc:")) {
      return DriverManager.getConnection(url);
    }
    URI uri = URI.create(url);
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String info = uri.getUserInfo();
    String user = info == null ? null : info.split(":", 2)[0];
    String password = info == null || !info.contains(":") ? null : info.split(":", 2)[1];
    return DriverManager.getConnection(jdbc, user, password);
  }
}

package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.port.out.Transactions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Adapter: one SQL database (a SQLite file or a PostgreSQL database) holding every storage port of
 * the domain, plus its migrations, readiness check and, for SQLite, online backup.
 */
public final class SqlBillingStore implements AutoCloseable {
  private final Database db;
  private final SqlStoreOptions options;
  private final SqlReports reports;
  // One per database: every SqlOrganizations of this store shares the parsed rows.
  private final OrganizationRows organizationRows = new OrganizationRows();

  private SqlBillingStore(Database db, SqlStoreOptions options) {
    this.db = db;
    this.options = options;
    this.reports = new SqlReports(db);
  }

  /**
   * Opens (creating it when missing, readable by its owner only) the SQLite file, which this
   * process then owns until {@link #close()}.
   *
   * @throws StoreLockedException when another process (or store) has it open
   */
  public static SqlBillingStore sqlite(Path file, SqlStoreOptions options) {
    Objects.requireNonNull(file, "'file' must not be null");
    Objects.requireNonNull(options, "'options' must not be null");
    return new SqlBillingStore(
        SqliteDatabase.open(file, options.sqliteReaders(), options.sqliteSync()), options);
  }

  /**
   * Connects a pool to PostgreSQL: {@code postgres://user:pass@host:port/db} or {@code
   * jdbc:postgresql://...}.
   */
  public static SqlBillingStore postgres(String url, SqlStoreOptions options) {
    Objects.requireNonNull(options, "'options' must not be null");
    return new SqlBillingStore(PostgresDatabase.connect(url, options), options);
  }

  public Dialect dialect() {
    return db.dialect();
  }

  /** {@code sqlite <file>} or {@code postgresql <host>/<db>}; never a password. */
  public String description() {
    return db.description();
  }

  /** Answers only when the database does: for readiness checks. */
  public void ping() {
    db.ping();
  }

  public SqlMigrations migrations() {
    return new SqlMigrations(db, StandardSqlMigrations.list(), options.clock());
  }

  public SqlOrganizations organizations() {
    return new SqlOrganizations(db, organizationRows);
  }

  public SqlMembers members() {
    return new SqlMembers(db);
  }

  public SqlWebhookLog webhookLog() {
    return new SqlWebhookLog(db, organizationRows);
  }

  public SqlUsageCounters usageCounters() {
    return new SqlUsageCounters(db);
  }

  public SqlUsageAlerts usageAlerts() {
    return new SqlUsageAlerts(db);
  }

  /** The notification outbox, written by this store's organization saves and alert records. */
  public SqlNotificationOutbox notificationOutbox() {
    return new SqlNotificationOutbox(db);
  }

  public SqlCheckoutSessions checkoutSessions() {
    return new SqlCheckoutSessions(db);
  }

  /**
   * Runs {@code work} as ONE transaction of this store: every port call inside it (on any accessor
   * of this store, on this thread) reads the others' uncommitted writes and commits with them, or
   * nothing is kept when {@code work} throws; a port call refused inside (a version conflict, a
   * duplicate) has changed nothing, so {@code work} may catch it and go on, but any other failure
   * of a port call (a database error) fails the whole transaction, caught or not. On SQLite the
   * work runs on the writer thread as one task of a group commit, so it must do nothing but store
   * calls (no network, no waiting); on PostgreSQL it holds one pooled connection. This lets a
   * webhook be claimed, its organization saved and the claim finished with one commit.
   */
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "'work' must not be null");
    return db.transaction(work);
  }

  /**
   * The domain's {@link Transactions} port over {@link #inTransaction}. On SQLite the work runs on
   * the one writer thread, so it must not wait on the network: the port says so ({@link
   * Transactions#mayWaitOnNetwork()} is false) and the domain keeps payment-provider calls out of
   * it. On PostgreSQL the work holds a pooled connection and may wait.
   */
  public Transactions transactions() {
    Transactions runner = this::inTransaction;
    return db.dialect() == Dialect.SQLITE ? Transactions.storeOnly(runner) : runner;
  }

  /** Deletes expired rows (webhook log past its retention, usage of ended periods). */
  public SqlPurge purge() {
    return new SqlPurge(db);
  }

  /** The reporting reads behind operator metrics. */
  public SqlReports reports() {
    return reports;
  }

  /**
   * Writes a consistent copy of the SQLite store to {@code target} (a new file, owner-only) while
   * the store stays in use.
   *
   * @throws UnsupportedOperationException on PostgreSQL (use {@code pg_dump})
   */
  public void backup(Path target) {
    Objects.requireNonNull(target, "'target' must not be null");
    if (!(db instanceof SqliteDatabase sqlite)) {
      throw new UnsupportedOperationException(
          "backup copies a SQLite store; for PostgreSQL use pg_dump (see docs/operations.md)");
    }
    sqlite.backup(target);
  }

  /**
   * Writes a consistent copy of the SQLite file {@code database} to {@code target} without opening
   * the store: works while another process (the running server) owns it and keeps writing.
   */
  public static void backupSqlite(Path database, Path target) {
    Objects.requireNonNull(database, "'database' must not be null");
    Objects.requireNonNull(target, "'target' must not be null");
    SqliteDatabase.backupFile(database, target);
  }

  /** The connections themselves, for the adapter's own tests. */
  Database database() {
    return db;
  }

  @Override
  public void close() {
    db.close();
  }
}

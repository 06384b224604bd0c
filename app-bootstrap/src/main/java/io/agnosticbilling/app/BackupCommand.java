package io.agnosticbilling.app;

import io.agnosticbilling.adapter.sql.SqlBillingStore;
import io.agnosticbilling.adapter.sql.SqlStoreException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code backup <file>}: a consistent copy of the embedded SQLite store, also while the server runs
 * (the copy reads one snapshot over a read-only connection, so it needs not the server's lock).
 * PostgreSQL and MongoDB have their own tools; the command says which.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Write a consistent copy of the embedded SQLite store to <file> (a new file, owner-only),",
      "also while the server runs and writes. For PostgreSQL use pg_dump (docs/operations.md)."
    })
final class BackupCommand extends ConfiguredCommand {
  @Parameters(index = "0", paramLabel = "<file>", description = "the new file to write")
  Path target;

  BackupCommand(BillingCli cli) {
    super(cli);
  }

  @Override
  int run(BillingConfigLoader.Loaded loaded) {
    BillingConfig config = loaded.config();
    switch (StoreConnection.kindOf(config)) {
      case POSTGRESQL -> {
        cli.err()
            .println(
                "The store is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom"
                    + " --file=billing.dump \"$DATABASE_URL\" (see docs/operations.md).");
        return BillingCli.BAD_CONFIGURATION;
      }
      case MONGODB -> {
        cli.err()
            .println(
                "The store is MongoDB: back it up with mongodump --uri \"$MONGO_URI\""
                    + " (see docs/operations.md).");
        return BillingCli.BAD_CONFIGURATION;
      }
      case SQLITE -> {
        // falls through to the copy below
      }
    }
    Path source = StoreConnection.sqliteFile(config);
    Path file = cli.workingDirectory().resolve(target).toAbsolutePath();
    try {
      SqlBillingStore.backupSqlite(source, file);
    } catch (IllegalArgumentException | SqlStoreException e) {
      cli.err().println("Backup failed: " + e.getMessage());
      return BillingCli.FAILED;
    }
    cli.out().println("Backed up " + source + " to " + file + ".");
    return BillingCli.OK;
  }
}

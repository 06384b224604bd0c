package io.agnosticbilling.adapter.sql;

import java.nio.file.Path;

/**
 * Failure: another process (a running server, or a command) owns the SQLite store, so this one may
 * not open it; nothing was read or written.
 */
public final class StoreLockedException extends SqlStoreException {
  private final Path database;

  public StoreLockedException(Path database, Path lockFile) {
    super(
        "The SQLite store "
            + database
            + " is in use by another process (it holds the lock "
            + lockFile
            + "); stop that process first, or use the running server's commands (for a copy: the"
            + " backup command).");
    this.database = database;
  }

  public Path database() {
    return database;
  }
}

package io.agnosticbilling.adapter.sql;

/**
 * How hard a SQLite commit waits for the disk (WAL journal in both cases). Either way a write is
 * answered only after its commit, so an acknowledged write survives {@code kill -9} of the process.
 */
public enum SqliteSync {
  /** Every commit syncs the WAL to disk: acknowledged writes also survive power loss. */
  FULL,
  /**
   * Commits reach the operating system, which writes them out itself (the WAL is synced at
   * checkpoints): acknowledged writes survive the process being killed, but a power loss or OS
   * crash may lose the last ones. Several times faster when the disk's sync is slow.
   */
  NORMAL
}

package io.agnosticbilling.adapter.sql;

import java.sql.SQLException;

/** A unit of work on one connection: a read, or a write that commits or rolls back as a whole. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Handle handle) throws SQLException;
}

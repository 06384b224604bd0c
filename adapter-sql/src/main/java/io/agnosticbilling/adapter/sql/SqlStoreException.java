package io.agnosticbilling.adapter.sql;

/** Failure: the SQL store could not do what was asked (database error, store closed). */
public class SqlStoreException extends RuntimeException {
  public SqlStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public SqlStoreException(String message) {
    super(message);
  }
}

package io.agnosticbilling.adapter.sql;

/** The databases this adapter speaks; each migration step has its SQL per dialect. */
public enum Dialect {
  SQLITE("INTEGER", "INTEGER"),
  POSTGRESQL("BIGINT", "BOOLEAN");

  private final String bigint;
  private final String bool;

  Dialect(String bigint, String bool) {
    this.bigint = bigint;
    this.bool = bool;
  }

  /** The DDL with its type placeholders {@code {BIGINT}} and {@code {BOOL}} filled in. */
  String ddl(String template) {
    return template.replace("{BIGINT}", bigint).replace("{BOOL}", bool);
  }
}

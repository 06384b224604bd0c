package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.adapter.sql.SqlMigrations.Migration;
import java.util.List;
import java.util.Map;

/**
 * The adapter's schema history; append new steps, never edit applied ones. Instants are
 * microseconds since the epoch ({@link Micros}); every lookup of the services has an index.
 */
final class StandardSqlMigrations {
  private StandardSqlMigrations() {}

  static List<Migration> list() {
    return List.of(
        Migration.everywhere(
            1,
            "organizations: the aggregate as a JSON document, looked up by id, customer id and"
                + " subscription id (a side table, one row per subscription)",
            List.of(
                "CREATE TABLE organizations (id TEXT PRIMARY KEY, version {BIGINT} NOT NULL,"
                    + " customer_id TEXT, document TEXT NOT NULL, current_status TEXT,"
                    + " current_plan TEXT, current_cancel_at_period_end {BOOL},"
                    + " current_period_start {BIGINT}, current_period_end {BIGINT})",
                "CREATE INDEX organizations_customer_id ON organizations (customer_id)",
                "CREATE INDEX organizations_current_status ON organizations (current_status)",
                "CREATE TABLE organization_subscriptions (subscription_id TEXT NOT NULL,"
                    + " organization_id TEXT NOT NULL, status TEXT NOT NULL,"
                    + " started_at {BIGINT} NOT NULL, canceled_at {BIGINT},"
                    + " PRIMARY KEY (subscription_id, organization_id))",
                "CREATE INDEX organization_subscriptions_organization"
                    + " ON organization_subscriptions (organization_id)",
                "CREATE INDEX organization_subscriptions_started_at"
                    + " ON organization_subscriptions (started_at)",
                "CREATE INDEX organization_subscriptions_canceled_at"
                    + " ON organization_subscriptions (canceled_at)"),
            List.of(
                "DROP TABLE IF EXISTS organization_subscriptions",
                "DROP TABLE IF EXISTS organizations")),
        Migration.everywhere(
            2,
            "members: unique email, members of an organization by age; seat counts",
            List.of(
                "CREATE TABLE members (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL,"
                    + " email TEXT NOT NULL, password_hash TEXT NOT NULL, role TEXT NOT NULL,"
                    + " created_at {BIGINT} NOT NULL, seq {BIGINT} NOT NULL)",
                "CREATE UNIQUE INDEX members_email ON members (email)",
                "CREATE INDEX members_organization ON members (organization_id, created_at, seq)",
                "CREATE TABLE seat_counts (organization_id TEXT PRIMARY KEY,"
                    + " members {BIGINT} NOT NULL)"),
            List.of("DROP TABLE IF EXISTS seat_counts", "DROP TABLE IF EXISTS members")),
        Migration.everywhere(
            3,
            "webhook_log: unique event id (the exactly-once guard), listing by time and status",
            List.of(
                "CREATE TABLE webhook_log (event_id TEXT PRIMARY KEY, type TEXT NOT NULL,"
                    + " status TEXT NOT NULL, attempts INTEGER NOT NULL, error TEXT, detail TEXT,"
                    + " organization_id TEXT, event_created {BIGINT} NOT NULL,"
                    + " livemode {BOOL} NOT NULL, payload TEXT NOT NULL,"
                    + " received_at {BIGINT} NOT NULL, claimed_at {BIGINT} NOT NULL,"
                    + " updated_at {BIGINT} NOT NULL)",
                "CREATE INDEX webhook_log_received ON webhook_log (received_at, event_id)",
                "CREATE INDEX webhook_log_status ON webhook_log (status, received_at, event_id)"),
            List.of("DROP TABLE IF EXISTS webhook_log")),
        Migration.everywhere(
            4,
            "usage: counters per organization, metric and period; idempotency decisions; alerts",
            List.of(
                "CREATE TABLE usage_counters (organization_id TEXT NOT NULL, metric TEXT NOT NULL,"
                    + " period_start {BIGINT} NOT NULL, used {BIGINT} NOT NULL,"
                    + " expires_at {BIGINT} NOT NULL,"
                    + " PRIMARY KEY (organization_id, metric, period_start))",
                "CREATE TABLE usage_decisions (organization_id TEXT NOT NULL,"
                    + " metric TEXT NOT NULL, period_start {BIGINT} NOT NULL,"
                    + " idempotency_key TEXT NOT NULL, allowed {BOOL}, used_before {BIGINT},"
                    + " used_after {BIGINT}, expires_at {BIGINT} NOT NULL,"
                    + " PRIMARY KEY (organization_id, metric, period_start, idempotency_key))",
                "CREATE TABLE usage_alerts (organization_id TEXT NOT NULL, metric TEXT NOT NULL,"
                    + " period_start {BIGINT} NOT NULL, threshold INTEGER NOT NULL,"
                    + " used {BIGINT} NOT NULL, limit_value {BIGINT} NOT NULL,"
                    + " at {BIGINT} NOT NULL,"
                    + " PRIMARY KEY (organization_id, metric, period_start, threshold))",
                "CREATE INDEX usage_alerts_period ON usage_alerts"
                    + " (organization_id, period_start, at)"),
            List.of(
                "DROP TABLE IF EXISTS usage_alerts",
                "DROP TABLE IF EXISTS usage_decisions",
                "DROP TABLE IF EXISTS usage_counters")),
        Migration.everywhere(
            5,
            "checkout_sessions: by session id; counts by creation and confirmation time",
            List.of(
                "CREATE TABLE checkout_sessions (session_id TEXT PRIMARY KEY,"
                    + " organization_id TEXT NOT NULL, plan TEXT NOT NULL,"
                    + " created_at {BIGINT} NOT NULL, confirmed_at {BIGINT})",
                "CREATE INDEX checkout_sessions_created_at ON checkout_sessions (created_at)",
                "CREATE INDEX checkout_sessions_confirmed_at ON checkout_sessions (confirmed_at)"),
            List.of("DROP TABLE IF EXISTS checkout_sessions")),
        Migration.everywhere(
            6,
            "usage counters and decisions: purged by expiry",
            List.of(
                "CREATE INDEX usage_counters_expires_at ON usage_counters (expires_at)",
                "CREATE INDEX usage_decisions_expires_at ON usage_decisions (expires_at)"),
            List.of(
                "DROP INDEX IF EXISTS usage_decisions_expires_at",
                "DROP INDEX IF EXISTS usage_counters_expires_at")),
        Migration.everywhere(
            7,
            "members.operator: operator rights live in the store, set only by 'operators add'",
            List.of(
                "ALTER TABLE members ADD COLUMN operator {BOOL} NOT NULL DEFAULT FALSE",
                "CREATE INDEX members_operator ON members (operator, email)"),
            List.of(
                "DROP INDEX IF EXISTS members_operator",
                "ALTER TABLE members DROP COLUMN operator")),
        Migration.everywhere(
            8,
            "organizations.current_grace_starts_at: the past_due grace counts from entering"
                + " past_due; NULL in older rows means the period start",
            List.of("ALTER TABLE organizations ADD COLUMN current_grace_starts_at {BIGINT}"),
            List.of("ALTER TABLE organizations DROP COLUMN current_grace_starts_at")),
        Migration.everywhere(
            9,
            "notification_outbox: notifications written with the change that caused them; rows due"
                + " for delivery by time (the dispatcher's claim), listing by status and age",
            List.of(
                "CREATE TABLE notification_outbox (id TEXT PRIMARY KEY, type TEXT NOT NULL,"
                    + " organization_id TEXT NOT NULL, created_at {BIGINT} NOT NULL,"
                    + " data TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,"
                    + " next_attempt_at {BIGINT} NOT NULL, claim_token TEXT,"
                    + " channels_done TEXT NOT NULL, last_error TEXT,"
                    + " updated_at {BIGINT} NOT NULL, delivered_at {BIGINT})",
                "CREATE INDEX notification_outbox_due"
                    + " ON notification_outbox (status, next_attempt_at, id)",
                "CREATE INDEX notification_outbox_status_created"
                    + " ON notification_outbox (status, created_at, id)",
                "CREATE INDEX notification_outbox_created ON notification_outbox (created_at, id)"),
            List.of("DROP TABLE IF EXISTS notification_outbox")),
        new Migration(
            10,
            "webhook_log.payload: compressed with lz4 on PostgreSQL 14+ built with it (pglz was"
                + " an eighth of PostgreSQL's CPU per webhook); elsewhere, and on SQLite, nothing",
            Map.of(
                Dialect.SQLITE, List.of(), Dialect.POSTGRESQL, List.of(payloadCompression("lz4"))),
            Map.of(
                Dialect.SQLITE,
                List.of(),
                Dialect.POSTGRESQL,
                List.of(payloadCompression("default")))));
  }

  /**
   * Sets the compression of {@code webhook_log.payload} (new values only; stored ones stay as they
   * are) where the server can: not before PostgreSQL 14 (no per-column compression), and a server
   * built without lz4 refuses the method, which leaves the column as it was (pglz) with a notice
   * instead of failing the migration.
   */
  private static String payloadCompression(String method) {
    return "DO $$ BEGIN"
        + " IF current_setting('server_version_num')::int >= 140000 THEN"
        + " EXECUTE 'ALTER TABLE webhook_log ALTER COLUMN payload SET COMPRESSION "
        + method
        + "';"
        + " END IF;"
        + " EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN"
        + " RAISE NOTICE 'webhook_log.payload keeps its compression: %', SQLERRM;"
        + " END $$";
  }
}

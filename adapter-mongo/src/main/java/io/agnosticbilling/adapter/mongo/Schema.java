package io.agnosticbilling.adapter.mongo;

/** Names of the collections and indexes, shared by the adapters and the migrations. */
final class Schema {
  static final String ORGANIZATIONS = "organizations";
  static final String USERS = "users";
  static final String SEAT_COUNTERS = "seat_counters";
  static final String WEBHOOK_LOGS = "webhook_logs";
  static final String USAGE_COUNTERS = "usage_counters";
  static final String USAGE_IDEMPOTENCY = "usage_idempotency";
  static final String USAGE_ALERTS = "usage_alerts";
  static final String CHECKOUT_SESSIONS = "checkout_sessions";
  static final String NOTIFICATIONS = "notifications";
  static final String MIGRATIONS = "schema_migrations";
  static final String MIGRATION_LOCK = "schema_migrations_lock";

  // Index names are unique across the database, not only per collection: mongo-java-server mixes
  // up same-named indexes of two collections once one of them is dropped.
  static final String ORGANIZATIONS_CUSTOMER_ID = "billing_customerId";
  static final String ORGANIZATIONS_SUBSCRIPTION_ID = "billing_subscriptions_id";
  static final String USERS_EMAIL_UNIQUE = "email_unique";
  static final String USERS_ORGANIZATION = "organizationId_createdAt";
  static final String WEBHOOK_EVENT_ID_UNIQUE = "eventId_unique";
  static final String WEBHOOK_CREATED_AT_TTL = "createdAt_ttl";
  static final String WEBHOOK_STATUS = "status_createdAt";
  static final String USAGE_ALERTS_UNIQUE = "organization_metric_period_threshold_unique";
  static final String USAGE_COUNTERS_TTL = "counter_expiresAt_ttl";
  static final String USAGE_IDEMPOTENCY_TTL = "idempotency_expiresAt_ttl";
  static final String CHECKOUT_CREATED_AT = "checkout_createdAt";
  static final String CHECKOUT_CONFIRMED_AT = "checkout_confirmedAt";
  static final String NOTIFICATIONS_DUE = "notifications_status_nextAttemptAt";
  static final String NOTIFICATIONS_STATUS_CREATED = "notifications_status_createdAt";
  static final String NOTIFICATIONS_CREATED = "notifications_createdAt";
  static final String ORGANIZATIONS_OUTBOX = "organizations_outbox_id";
  static final String USAGE_ALERTS_OUTBOX = "usage_alerts_outbox_id";

  private Schema() {}
}

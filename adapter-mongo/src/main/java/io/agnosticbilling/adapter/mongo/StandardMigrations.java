package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.adapter.mongo.MongoMigrations.Migration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The adapter's schema history; append new steps, never edit applied ones. */
final class StandardMigrations {
  private static final int COMMAND_NOT_FOUND = 59;
  private static final String ADMINS = "admins";

  private StandardMigrations() {}

  static List<Migration> list(Duration webhookRetention) {
    return List.of(
        indexes(
            1,
            "organizations: find by provider customer id and by subscription id",
            Index.of(Schema.ORGANIZATIONS, Schema.ORGANIZATIONS_CUSTOMER_ID, "billing.customerId"),
            Index.of(
                Schema.ORGANIZATIONS,
                Schema.ORGANIZATIONS_SUBSCRIPTION_ID,
                "billing.subscriptions.id")),
        indexes(
            2,
            "users: unique email, members of an organization by age",
            Index.of(Schema.USERS, Schema.USERS_EMAIL_UNIQUE, "email").unique(),
            Index.of(Schema.USERS, Schema.USERS_ORGANIZATION, "organizationId", "createdAt")),
        indexes(
            3,
            "webhook_logs: unique eventId, the exactly-once guard",
            Index.of(Schema.WEBHOOK_LOGS, Schema.WEBHOOK_EVENT_ID_UNIQUE, "eventId").unique()),
        indexes(
            4,
            "webhook_logs: retention by TTL on createdAt, listing by status",
            Index.of(Schema.WEBHOOK_LOGS, Schema.WEBHOOK_CREATED_AT_TTL, "createdAt")
                .expireAfter(webhookRetention),
            new Index(
                Schema.WEBHOOK_LOGS,
                Schema.WEBHOOK_STATUS,
                Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt")),
                new IndexOptions())),
        indexes(
            5,
            "usage: one alert per threshold and period; counters and keys expire after their period",
            Index.of(
                    Schema.USAGE_ALERTS,
                    Schema.USAGE_ALERTS_UNIQUE,
                    "organizationId",
                    "metric",
                    "periodStart",
                    "threshold")
                .unique(),
            Index.of(Schema.USAGE_COUNTERS, Schema.USAGE_COUNTERS_TTL, "expiresAt")
                .expireAfter(Duration.ofDays(1)),
            Index.of(Schema.USAGE_IDEMPOTENCY, Schema.USAGE_IDEMPOTENCY_TTL, "expiresAt")
                .expireAfter(Duration.ofDays(1))),
        indexes(
            6,
            "checkout_sessions: counts by creation and confirmation time",
            Index.of(Schema.CHECKOUT_SESSIONS, Schema.CHECKOUT_CREATED_AT, "createdAt"),
            Index.of(Schema.CHECKOUT_SESSIONS, Schema.CHECKOUT_CONFIRMED_AT, "confirmedAt")),
        new Migration(
            7,
            "seat_counters: seeded from the members already stored",
            StandardMigrations::seedSeatCounters,
            db -> db.getCollection(Schema.SEAT_COUNTERS).drop()),
        new Migration(
            8,
            "seat_counters.admins: each organization's admin ids (the last-admin guard), seeded"
                + " from the users already stored",
            StandardMigrations::seedAdmins,
            db ->
                db.getCollection(Schema.SEAT_COUNTERS)
                    .updateMany(new Document(), Updates.unset(ADMINS))),
        indexes(
            9,
            "notifications: the ones due for delivery by time (the dispatcher's claim), listing by status"
                + " and age; notifications embedded in their cause found for the relay",
            Index.of(
                Schema.NOTIFICATIONS, Schema.NOTIFICATIONS_DUE, "status", "nextAttemptAt", "_id"),
            new Index(
                Schema.NOTIFICATIONS,
                Schema.NOTIFICATIONS_STATUS_CREATED,
                Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt")),
                new IndexOptions()),
            new Index(
                Schema.NOTIFICATIONS,
                Schema.NOTIFICATIONS_CREATED,
                Indexes.descending("createdAt"),
                new IndexOptions()),
            Index.of(Schema.ORGANIZATIONS, Schema.ORGANIZATIONS_OUTBOX, "outbox.id"),
            Index.of(Schema.USAGE_ALERTS, Schema.USAGE_ALERTS_OUTBOX, "outbox.id")));
  }

  /** One index of a migration: created by up, dropped (if present) by down. */
  private record Index(String collection, String name, Bson keys, IndexOptions options) {
    static Index of(String collection, String name, String... ascendingFields) {
      return new Index(collection, name, Indexes.ascending(ascendingFields), new IndexOptions());
    }

    Index unique() {
      return new Index(collection, name, keys, options.unique(true));
    }

    Index expireAfter(Duration after) {
      return new Index(
          collection, name, keys, options.expireAfter(after.toSeconds(), TimeUnit.SECONDS));
    }

    void create(MongoDatabase db) {
      db.getCollection(collection).createIndex(keys, options.name(name));
    }

    /** Drops the index if present, so a down step also works on a half-applied schema. */
    void drop(MongoDatabase db) {
      MongoCollection<Document> c = db.getCollection(collection);
      for (Document index : c.listIndexes()) {
        if (name.equals(index.getString("name"))) {
          c.dropIndex(name);
          return;
        }
      }
    }
  }

  private static Migration indexes(int number, String description, Index... indexes) {
    return new Migration(
        number,
        description,
        db -> List.of(indexes).forEach(i -> i.create(db)),
        db -> List.of(indexes).forEach(i -> i.drop(db)));
  }

  /**
   * Brings the webhook log TTL to the configured retention when it was created with another one;
   * through collMod where the server has it, else by dropping and recreating the index.
   */
  static void alignWebhookRetention(MongoDatabase db, Duration retention) {
    MongoCollection<Document> logs = db.getCollection(Schema.WEBHOOK_LOGS);
    for (Document index : logs.listIndexes()) {
      if (!Schema.WEBHOOK_CREATED_AT_TTL.equals(index.getString("name"))) {
        continue;
      }
      Number current = index.get("expireAfterSeconds", Number.class);
      if (current != null && current.longValue() == retention.toSeconds()) {
        return;
      }
      try {
        db.runCommand(
            new Document("collMod", Schema.WEBHOOK_LOGS)
                .append(
                    "index",
                    new Document("name", Schema.WEBHOOK_CREATED_AT_TTL)
                        .append("expireAfterSeconds", retention.toSeconds())));
      } catch (MongoCommandException e) {
        if (e.getErrorCode() != COMMAND_NOT_FOUND) {
          throw e;
        }
        logs.dropIndex(Schema.WEBHOOK_CREATED_AT_TTL);
        Index.of(Schema.WEBHOOK_LOGS, Schema.WEBHOOK_CREATED_AT_TTL, "createdAt")
            .expireAfter(retention)
            .create(db);
      }
      return;
    }
  }

  private static void seedSeatCounters(MongoDatabase db) {
    List<Bson> perOrganization =
        List.of(
            Aggregates.group("$organizationId", Accumulators.sum("members", 1)),
            Aggregates.project(Projections.include("members")));
    MongoCollection<Document> counters = db.getCollection(Schema.SEAT_COUNTERS);
    for (Document row : db.getCollection(Schema.USERS).aggregate(perOrganization)) {
      counters.replaceOne(
          new Document("_id", row.get("_id")), row, new ReplaceOptions().upsert(true));
    }
  }

  /** Adds (never replaces) the admins, so a step run twice, or after live adds, is harmless. */
  private static void seedAdmins(MongoDatabase db) {
    List<Bson> perOrganization =
        List.of(
            Aggregates.match(Filters.eq("role", "admin")),
            Aggregates.group("$organizationId", Accumulators.push(ADMINS, "$_id")));
    MongoCollection<Document> counters = db.getCollection(Schema.SEAT_COUNTERS);
    for (Document row : db.getCollection(Schema.USERS).aggregate(perOrganization)) {
      counters.updateOne(
          Filters.eq("_id", row.get("_id")),
          Updates.addEachToSet(ADMINS, row.getList(ADMINS, Object.class)));
    }
  }
}

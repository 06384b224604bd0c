package io.agnosticbilling.adapter.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import io.agnosticbilling.adapter.mongo.MongoMigrations.Migration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The adapter's schema history; append new steps, never edit applied ones. */
final class StandardMigrations {
  private static final int COMMAND_NOT_FOUND = 59;

  private StandardMigrations() {}

  static List<Migration> list(Duration webhookRetention) {
    return List.of(
        new Migration(
            1,
            "organizations: find by provider customer id and by subscription id",
            db -> {
              index(
                  db,
                  Schema.ORGANIZATIONS,
                  Indexes.ascending("billing.customerId"),
                  Schema.ORGANIZATIONS_CUSTOMER_ID,
                  false);
              index(
                  db,
                  Schema.ORGANIZATIONS,
                  Indexes.ascending("billing.subscriptions.id"),
                  Schema.ORGANIZATIONS_SUBSCRIPTION_ID,
                  false);
            },
            db -> {
              dropIndex(db, Schema.ORGANIZATIONS, Schema.ORGANIZATIONS_CUSTOMER_ID);
              dropIndex(db, Schema.ORGANIZATIONS, Schema.ORGANIZATIONS_SUBSCRIPTION_ID);
            }),
        new Migration(
            2,
            "users: unique email, members of an organization by age",
            db -> {
              index(db, Schema.USERS, Indexes.ascending("email"), Schema.USERS_EMAIL_UNIQUE, true);
              index(
                  db,
                  Schema.USERS,
                  Indexes.ascending("organizationId", "createdAt"),
                  Schema.USERS_ORGANIZATION,
                  false);
            },
            db -> {
              dropIndex(db, Schema.USERS, Schema.USERS_EMAIL_UNIQUE);
              dropIndex(db, Schema.USERS, Schema.USERS_ORGANIZATION);
            }),
        new Migration(
            3,
            "webhook_logs: unique eventId, the exactly-once guard",
            db ->
                index(
                    db,
                    Schema.WEBHOOK_LOGS,
                    Indexes.ascending("eventId"),
                    Schema.WEBHOOK_EVENT_ID_UNIQUE,
                    true),
            db -> dropIndex(db, Schema.WEBHOOK_LOGS, Schema.WEBHOOK_EVENT_ID_UNIQUE)),
        new Migration(
            4,
            "webhook_logs: retention by TTL on createdAt, listing by status",
            db -> {
              ttl(
                  db,
                  Schema.WEBHOOK_LOGS,
                  "createdAt",
                  Schema.WEBHOOK_CREATED_AT_TTL,
                  webhookRetention);
              index(
                  db,
                  Schema.WEBHOOK_LOGS,
                  Indexes.compoundIndex(
                      Indexes.ascending("status"), Indexes.descending("createdAt")),
                  Schema.WEBHOOK_STATUS,
                  false);
            },
            db -> {
              dropIndex(db, Schema.WEBHOOK_LOGS, Schema.WEBHOOK_CREATED_AT_TTL);
              dropIndex(db, Schema.WEBHOOK_LOGS, Schema.WEBHOOK_STATUS);
            }),
        new Migration(
            5,
            "usage: one alert per threshold and period; counters and keys expire after their period",
            db -> {
              index(
                  db,
                  Schema.USAGE_ALERTS,
                  Indexes.ascending("organizationId", "metric", "periodStart", "threshold"),
                  Schema.USAGE_ALERTS_UNIQUE,
                  true);
              ttl(
                  db,
                  Schema.USAGE_COUNTERS,
                  "expiresAt",
                  Schema.USAGE_COUNTERS_TTL,
                  Duration.ofDays(1));
              ttl(
                  db,
                  Schema.USAGE_IDEMPOTENCY,
                  "expiresAt",
                  Schema.USAGE_IDEMPOTENCY_TTL,
                  Duration.ofDays(1));
            },
            db -> {
              dropIndex(db, Schema.USAGE_ALERTS, Schema.USAGE_ALERTS_UNIQUE);
              dropIndex(db, Schema.USAGE_COUNTERS, Schema.USAGE_COUNTERS_TTL);
              dropIndex(db, Schema.USAGE_IDEMPOTENCY, Schema.USAGE_IDEMPOTENCY_TTL);
            }),
        new Migration(
            6,
            "checkout_sessions: counts by creation and confirmation time",
            db -> {
              index(
                  db,
                  Schema.CHECKOUT_SESSIONS,
                  Indexes.ascending("createdAt"),
                  Schema.CHECKOUT_CREATED_AT,
                  false);
              index(
                  db,
                  Schema.CHECKOUT_SESSIONS,
                  Indexes.ascending("confirmedAt"),
                  Schema.CHECKOUT_CONFIRMED_AT,
                  false);
            },
            db -> {
              dropIndex(db, Schema.CHECKOUT_SESSIONS, Schema.CHECKOUT_CREATED_AT);
              dropIndex(db, Schema.CHECKOUT_SESSIONS, Schema.CHECKOUT_CONFIRMED_AT);
            }),
        new Migration(
            7,
            "seat_counters: seeded from the members already stored",
            StandardMigrations::seedSeatCounters,
            db -> db.getCollection(Schema.SEAT_COUNTERS).drop()));
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
        ttl(db, Schema.WEBHOOK_LOGS, "createdAt", Schema.WEBHOOK_CREATED_AT_TTL, retention);
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
          new Document("_id", row.get("_id")),
          row,
          new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }
  }

  private static void index(
      MongoDatabase db, String collection, Bson keys, String name, boolean unique) {
    db.getCollection(collection).createIndex(keys, new IndexOptions().name(name).unique(unique));
  }

  private static void ttl(
      MongoDatabase db, String collection, String field, String name, Duration after) {
    db.getCollection(collection)
        .createIndex(
            Indexes.ascending(field),
            new IndexOptions().name(name).expireAfter(after.toSeconds(), TimeUnit.SECONDS));
  }

  /** Drops the index if present, so a down step also works on a half-applied schema. */
  private static void dropIndex(MongoDatabase db, String collection, String name) {
    MongoCollection<Document> c = db.getCollection(collection);
    for (Document index : c.listIndexes()) {
      if (name.equals(index.getString("name"))) {
        c.dropIndex(name);
        return;
      }
    }
  }
}

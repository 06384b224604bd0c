package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.bson.Document;

/**
 * Adapter: usage counters in {@code usage_counters}, one document per organization, metric and
 * period, each increment a single conditional {@code $inc}. Idempotency keys live in {@code
 * usage_idempotency}: the first caller to insert a key document decides, later callers wait for its
 * stored decision (see docs/adapter-mongo.md).
 */
public final class MongoUsageCounters implements UsageCounters {
  private static final String PENDING = "pending";
  private static final String DECIDED = "decided";

  private final ConditionalCounter counters;
  private final MongoCollection<Document> keys;
  private final Clock clock;
  private final Duration decisionLease;
  private final Duration pollInterval;

  /**
   * @param decisionLease how long a key may stay undecided before another caller takes it over (the
   *     deciding caller died between claiming the key and storing its decision)
   */
  public MongoUsageCounters(MongoDatabase database, Clock clock, Duration decisionLease) {
    this.counters = new ConditionalCounter(database.getCollection(Schema.USAGE_COUNTERS), "used");
    this.keys = database.getCollection(Schema.USAGE_IDEMPOTENCY);
    this.clock = clock;
    this.decisionLease = decisionLease;
    this.pollInterval = Duration.ofMillis(5);
  }

  public MongoUsageCounters(MongoDatabase database, Clock clock) {
    this(database, clock, Duration.ofSeconds(30));
  }

  @Override
  public UsageRecorded record(UsageRequest request) {
    if (request.idempotencyKey().isEmpty()) {
      return increment(request);
    }
    String keyId = counterId(request.key()) + "|" + request.idempotencyKey().get();
    String owner = UUID.randomUUID().toString();
    // Waiting is bounded in real time: the injected clock may stand still in tests.
    long deadline = System.nanoTime() + decisionLease.multipliedBy(2).toNanos();
    while (true) {
      if (claim(keyId, owner, request)) {
        UsageRecorded decision = increment(request);
        keys.updateOne(
            Filters.and(Filters.eq("_id", keyId), Filters.eq("owner", owner)),
            Updates.combine(
                Updates.set("state", DECIDED),
                Updates.set("allowed", decision.allowed()),
                Updates.set("usedBefore", decision.usedBefore()),
                Updates.set("usedAfter", decision.usedAfter())));
        return decision;
      }
      Document stored = keys.find(Filters.eq("_id", keyId)).first();
      if (stored != null && DECIDED.equals(stored.get("state"))) {
        StoredDocument d = StoredDocument.of(Schema.USAGE_IDEMPOTENCY, stored);
        try {
          return new UsageRecorded(
              d.bool("allowed"), d.longValue("usedBefore"), d.longValue("usedAfter"), true);
        } catch (IllegalArgumentException e) {
          throw d.rejected(e);
        }
      }
      if (System.nanoTime() - deadline > 0) {
        throw new ConcurrentUpdateException(
            "usage with idempotency key '"
                + request.idempotencyKey().get()
                + "' is still being decided by another caller");
      }
      pause();
    }
  }

  @Override
  public long used(UsageKey key) {
    return counters.current(counterId(key));
  }

  private UsageRecorded increment(UsageRequest request) {
    UsageKey key = request.key();
    Document onInsert =
        new Document("organizationId", key.organizationId().value())
            .append("metric", key.metric().key())
            .append("periodStart", date(key.periodStart()))
            .append("expiresAt", date(request.periodEnd()));
    ConditionalCounter.Outcome outcome =
        counters.increment(counterId(key), request.quantity(), request.limit(), onInsert);
    return outcome.allowed()
        ? UsageRecorded.allowed(outcome.before(), outcome.after())
        : UsageRecorded.refused(outcome.after());
  }

  /**
   * True when this caller now owns the key: it inserted the key document, or took over one left
   * pending longer than the lease.
   */
  private boolean claim(String keyId, String owner, UsageRequest request) {
    Instant now = clock.instant();
    try {
      keys.insertOne(
          new Document("_id", keyId)
              .append("state", PENDING)
              .append("owner", owner)
              .append("claimedAt", date(now))
              .append("expiresAt", date(request.periodEnd())));
      return true;
    } catch (MongoException e) {
      if (!DuplicateKey.is(e)) {
        throw e;
      }
    }
    return keys.updateOne(
                Filters.and(
                    Filters.eq("_id", keyId),
                    Filters.eq("state", PENDING),
                    Filters.lte("claimedAt", date(now.minus(decisionLease)))),
                Updates.combine(Updates.set("owner", owner), Updates.set("claimedAt", date(now))))
            .getModifiedCount()
        == 1;
  }

  private void pause() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConcurrentUpdateException("interrupted while waiting for a usage decision");
    }
  }

  /** Organization id first, so the id sorts and shards with the organization. */
  static String counterId(UsageKey key) {
    return key.organizationId().value()
        + "|"
        + key.metric().key()
        + "|"
        + key.periodStart().toEpochMilli();
  }
}

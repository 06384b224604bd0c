package io.agnosticbilling.app;

import io.agnosticbilling.adapter.http.InMemoryRateLimiter;
import io.agnosticbilling.adapter.mongo.MongoBillingStore;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.UsageCounters;
import java.time.Clock;

/**
 * The one place where usage counters and the rate limiter are chosen. Today: counters in the store,
 * login throttling in this instance's memory. {@code REDIS_URL} is validated by the loader but not
 * used yet: the Redis issue replaces the two choices below (and adds a readiness check).
 */
final class CountersFactory {

  /** What was chosen, and a phrase for the start-up log. */
  record Counters(UsageCounters usageCounters, RateLimiter rateLimiter, String description) {}

  private CountersFactory() {}

  static Counters choose(BillingConfig config, MongoBillingStore store, Clock clock) {
    // REDIS WIRING GOES HERE: when config.redisUrl() is present, build the Redis counters and
    // rate limiter instead.
    return new Counters(
        store.usageCounters(),
        new InMemoryRateLimiter(clock),
        "usage counters in the store, login throttle in memory");
  }
}

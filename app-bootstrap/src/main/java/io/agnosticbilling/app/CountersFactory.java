package io.agnosticbilling.app;

import io.agnosticbilling.adapter.redis.CounterMode;
import io.agnosticbilling.adapter.redis.DurableUsageLedger;
import io.agnosticbilling.adapter.redis.FastPathListener;
import io.agnosticbilling.adapter.redis.RedisConnection;
import io.agnosticbilling.adapter.redis.RedisCounterSettings;
import io.agnosticbilling.adapter.redis.RedisUsageCounters;
import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.UsageCounters;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where usage counters and the rate limiter are chosen: without {@code REDIS_URL} the
 * store counts and this instance throttles; with it, Redis is the fast path in front of the store's
 * counters (which stay the durable record) and rate limits hold across instances.
 */
final class CountersFactory {
  private static final Logger LOG = LoggerFactory.getLogger(CountersFactory.class);

  /** What was chosen, a phrase for the start-up log, and the Redis parts to watch and close. */
  record Counters(
      UsageCounters usageCounters,
      RateLimiter rateLimiter,
      String description,
      Optional<RedisConnection> redis,
      Optional<RedisUsageCounters> redisCounters)
      implements AutoCloseable {

    @Override
    public void close() {
      // The last write-behind flush needs Redis and the store, so it goes first.
      redisCounters.ifPresent(RedisUsageCounters::close);
      redis.ifPresent(RedisConnection::close);
    }
  }

  private CountersFactory() {}

  static Counters choose(BillingConfig config, UsageCounters storeCounters, Clock clock) {
    if (config.redisUrl().isEmpty()) {
      return new Counters(
          storeCounters,
          new InMemoryRateLimiter(clock),
          "usage counters in the store, rate limits in memory",
          Optional.empty(),
          Optional.empty());
    }
    RedisConnection redis = RedisConnection.fromUrl(config.redisUrl().get());
    CounterMode mode =
        config.redisWriteBehind() ? CounterMode.WRITE_BEHIND : CounterMode.WRITE_THROUGH;
    RedisUsageCounters counters =
        redis.usageCounters(
            DurableUsageLedger.over(storeCounters),
            RedisCounterSettings.defaults().withMode(mode),
            LOGGING_LISTENER);
    return new Counters(
        counters,
        new FallbackRateLimiter(redis.rateLimiter(clock), new InMemoryRateLimiter(clock)),
        "usage counters in Redis "
            + redis
            + " ("
            + (config.redisWriteBehind() ? "write-behind" : "write-through")
            + ") over the store, rate limits in Redis (in this instance while it is unreachable)",
        Optional.of(redis),
        Optional.of(counters));
  }

  private static final FastPathListener LOGGING_LISTENER =
      new FastPathListener() {
        @Override
        public void fastPathLost(RuntimeException cause) {
          LOG.warn(
              "Redis unreachable: usage is counted by the store until it answers again ({})",
              cause.getMessage());
        }

        @Override
        public void fastPathResumed() {
          LOG.info("Redis answers again: usage counting is back on the fast path");
        }
      };
}

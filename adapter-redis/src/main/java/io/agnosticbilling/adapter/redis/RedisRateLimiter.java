package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.port.out.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Adapter: {@link RateLimiter} as a sliding-window log in a Redis sorted set, checked and counted
 * in one Lua script, so the limit holds across server instances and concurrent attempts. Time comes
 * from the injected clock (instances' clocks should agree within a small fraction of the window).
 * When Redis is unreachable the call throws: a limiter never silently lets everything through.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final LuaScript ATTEMPT = LuaScript.load("rate-limit.lua");

  private final UnifiedJedis jedis;
  private final String keyPrefix;
  private final Clock clock;

  public RedisRateLimiter(UnifiedJedis jedis, String keyPrefix, Clock clock) {
    this.jedis = Objects.requireNonNull(jedis, "'jedis' must not be null");
    this.keyPrefix = RedisOptions.checkPrefix(keyPrefix);
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Override
  public Attempt attempt(String key, Limit limit) {
    Objects.requireNonNull(limit, "'limit' must not be null");
    // Unique member, so two hits in the same millisecond are two hits.
    String hitId = UUID.randomUUID().toString();
    Object left =
        ATTEMPT.run(
            jedis,
            List.of(redisKey(key)),
            List.of(
                Long.toString(clock.millis()),
                Long.toString(Math.max(1, limit.window().toMillis())),
                Integer.toString(limit.maxHits()),
                hitId));
    if (!(left instanceof Long millis)) {
      throw new IllegalStateException("unexpected reply from rate-limit.lua: " + left);
    }
    return millis < 0 ? new Counted(hitId) : new Refused(Duration.ofMillis(millis));
  }

  @Override
  public void release(String key, Counted hit) {
    Objects.requireNonNull(hit, "'hit' must not be null");
    jedis.zrem(redisKey(key), hit.hitId());
  }

  @Override
  public void reset(String key) {
    jedis.del(redisKey(key));
  }

  private String redisKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("'key' must not be blank");
    }
    return keyPrefix + "rl:" + key;
  }
}

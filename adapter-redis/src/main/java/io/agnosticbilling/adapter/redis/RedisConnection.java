package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.port.out.UsageCounters;
import java.time.Clock;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Adapter factory: one pooled Redis client built from {@code REDIS_URL}, handing out the usage
 * counters and the rate limiter that share it, and answering health checks.
 */
public final class RedisConnection implements AutoCloseable {
  private final UnifiedJedis jedis;
  private final String keyPrefix;
  private final String description;

  private RedisConnection(UnifiedJedis jedis, String keyPrefix, String description) {
    this.jedis = jedis;
    this.keyPrefix = keyPrefix;
    this.description = description;
  }

  /**
   * Connects to {@code redis[s]://[[user]:password@]host[:port][/database]} with {@link
   * RedisOptions#defaults()}. Does not contact Redis yet: a Redis that is down at start-up is
   * reported by {@link #health()} and served around by the counters' fallback.
   *
   * @throws IllegalArgumentException when the URL is malformed, naming what is wrong
   */
  public static RedisConnection fromUrl(String redisUrl) {
    return fromUrl(redisUrl, RedisOptions.defaults());
  }

  public static RedisConnection fromUrl(String redisUrl, RedisOptions options) {
    Objects.requireNonNull(options, "'options' must not be null");
    RedisUrl url = RedisUrl.parse(redisUrl);
    int timeoutMillis = (int) options.timeout().toMillis();
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis)
            .database(url.database())
            .ssl(url.tls())
            .clientName("agnostic-billing");
    url.user().ifPresent(config::user);
    url.password().ifPresent(config::password);
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(options.maxConnections());
    pool.setMaxIdle(options.maxConnections());
    // A pool that cannot hand out a connection counts as Redis not answering: fall back.
    pool.setMaxWait(options.timeout().multipliedBy(4));
    RedisClient client =
        RedisClient.builder()
            .hostAndPort(url.host(), url.port())
            .clientConfig(config.build())
            .poolConfig(pool)
            .build();
    return new RedisConnection(client, options.keyPrefix(), url.toString());
  }

  /** Wraps a client built elsewhere, e.g. a {@code RedisClusterClient}; closing closes it. */
  public static RedisConnection of(UnifiedJedis jedis, String keyPrefix) {
    return new RedisConnection(
        Objects.requireNonNull(jedis, "'jedis' must not be null"),
        RedisOptions.checkPrefix(keyPrefix),
        jedis.getClass().getSimpleName());
  }

  /** Write-through counters in front of {@code durable}: nothing is ever lost. */
  public RedisUsageCounters usageCounters(UsageCounters durable) {
    return usageCounters(
        DurableUsageLedger.over(durable), RedisCounterSettings.defaults(), FastPathListener.NONE);
  }

  public RedisUsageCounters usageCounters(
      DurableUsageLedger durable, RedisCounterSettings settings, FastPathListener listener) {
    return new RedisUsageCounters(jedis, keyPrefix, durable, settings, listener, Clock.systemUTC());
  }

  public RedisRateLimiter rateLimiter(Clock clock) {
    return new RedisRateLimiter(jedis, keyPrefix, clock);
  }

  /** For {@code /health/ready}: never throws. */
  public RedisHealth health() {
    try {
      String answer = jedis.ping();
      return "PONG".equalsIgnoreCase(answer)
          ? new RedisHealth(true, description + " answers")
          : new RedisHealth(false, description + " answered PING with '" + answer + "'");
    } catch (JedisException e) {
      return new RedisHealth(false, description + " unreachable: " + e.getMessage());
    }
  }

  /** True when Redis answers a PING. */
  public boolean ping() {
    return health().up();
  }

  /** The client, for tests and tools; the adapters built here share it. */
  public UnifiedJedis client() {
    return jedis;
  }

  /** A log-safe description (the password is hidden). */
  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    jedis.close();
  }
}

package io.agnosticbilling.adapter.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Value object: client settings not carried by {@code REDIS_URL}.
 *
 * @param keyPrefix put before every key, so several applications (or tests) share a database
 * @param timeout connect and read timeout: also how long a record waits before it falls back to the
 *     durable store when Redis stops answering
 * @param maxConnections pool size
 */
public record RedisOptions(String keyPrefix, Duration timeout, int maxConnections) {
  public RedisOptions {
    checkPrefix(keyPrefix);
    Objects.requireNonNull(timeout, "'timeout' must not be null");
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'timeout' must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("'maxConnections' must be at least 1");
    }
  }

  /** Prefix {@code ab:}, 500 ms timeout, 32 connections. */
  public static RedisOptions defaults() {
    return new RedisOptions("ab:", Duration.ofMillis(500), 32);
  }

  public RedisOptions withKeyPrefix(String value) {
    return new RedisOptions(value, timeout, maxConnections);
  }

  public RedisOptions withTimeout(Duration value) {
    return new RedisOptions(keyPrefix, value, maxConnections);
  }

  static String checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "'keyPrefix' must not be null");
    // A brace would become the hash tag and split an organization's keys across cluster slots.
    if (prefix.contains("{") || prefix.contains("}") || prefix.length() > 64) {
      throw new IllegalArgumentException(
          "'keyPrefix' must be at most 64 characters without '{' or '}'");
    }
    return prefix;
  }
}

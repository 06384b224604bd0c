package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.testkit.contract.RateLimiterContract;
import io.agnosticbilling.testkit.time.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The rate-limiter contract against a real Redis, two connection pools racing. */
class RedisRateLimiterContractTest extends RateLimiterContract {
  private static RedisConnection first;
  private static RedisConnection second;

  @BeforeAll
  static void connect() {
    first = TestRedis.connect();
    second = TestRedis.connect();
  }

  @AfterAll
  static void disconnect() {
    if (first != null) {
      first.close();
      second.close();
    }
  }

  @Override
  protected RateLimiter newLimiter(MutableClock clock) {
    TestRedis.flush(first);
    return first.rateLimiter(clock);
  }

  @Override
  protected RateLimiter secondClientOnSameStore(MutableClock clock) {
    return second.rateLimiter(clock);
  }
}

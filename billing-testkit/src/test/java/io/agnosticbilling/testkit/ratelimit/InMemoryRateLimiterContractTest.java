package io.agnosticbilling.testkit.ratelimit;

import io.agnosticbilling.domain.port.out.InMemoryRateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.testkit.contract.RateLimiterContract;
import io.agnosticbilling.testkit.time.MutableClock;

/** The in-memory limiter (one instance's default) passes the same contract as Redis's. */
class InMemoryRateLimiterContractTest extends RateLimiterContract {
  @Override
  protected RateLimiter newLimiter(MutableClock clock) {
    return new InMemoryRateLimiter(clock);
  }
}

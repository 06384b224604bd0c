package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Attempt;
import io.agnosticbilling.domain.port.out.RateLimiter.Counted;
import io.agnosticbilling.domain.port.out.RateLimiter.Refused;
import java.util.function.Supplier;

/**
 * Refuses new Checkout sessions for an organization that created too many within the window: each
 * session is a call to Stripe, and a client stuck in a loop should not turn into thousands. The
 * place is taken before the session is created (one atomic step) and given back when creating it
 * fails, so a burst never gets more than the limit through.
 */
final class CheckoutThrottle {
  private final RateLimiter limiter;
  private final RateLimiter.Limit limit;

  CheckoutThrottle(RateLimiter limiter, RateLimiter.Limit limit) {
    this.limiter = limiter;
    this.limit = limit;
  }

  /** Runs {@code create} within the organization's limit; 429 with Retry-After past it. */
  <T> T within(OrganizationId organization, Supplier<T> create) {
    String key = "checkout:org:" + organization.value();
    Attempt attempt = limiter.attempt(key, limit);
    if (attempt instanceof Refused refused) {
      throw new ApiException(
          Problem.tooManyRequests(
              "too_many_checkouts",
              "Too many Checkout sessions for this organization.",
              refused.retryAfterSeconds()));
    }
    try {
      return create.get();
    } catch (RuntimeException e) {
      limiter.release(key, (Counted) attempt);
      throw e;
    }
  }
}

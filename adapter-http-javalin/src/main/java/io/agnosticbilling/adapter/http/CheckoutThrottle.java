package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses new Checkout sessions for an organization that created too many within the window: each
 * session is a call to Stripe, and a client stuck in a loop should not turn into thousands. The
 * check and the count are two steps, so a burst can pass the limit by the number of requests in
 * flight; that is fine for a guard against loops.
 */
final class CheckoutThrottle {
  private final RateLimiter limiter;
  private final RateLimiter.Limit limit;

  CheckoutThrottle(RateLimiter limiter, RateLimiter.Limit limit) {
    this.limiter = limiter;
    this.limit = limit;
  }

  /** Throws 429 with Retry-After while the organization is blocked. */
  void checkAllowed(OrganizationId organization) {
    Optional<Duration> wait = limiter.blockedFor(key(organization), limit);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw new ApiException(
          new Problem(
                  429,
                  "too_many_checkouts",
                  "Too many Checkout sessions for this organization. Try again in "
                      + seconds
                      + " seconds.",
                  Map.of("retryAfterSeconds", seconds),
                  Map.of())
              .withHeader("Retry-After", Long.toString(seconds)));
    }
  }

  /** Counts a created session. */
  void created(OrganizationId organization) {
    limiter.recordFailure(key(organization), limit);
  }

  private static String key(OrganizationId organization) {
    return "checkout:org:" + organization.value();
  }
}

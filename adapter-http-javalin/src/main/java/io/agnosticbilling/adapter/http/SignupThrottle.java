package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Refused;
import java.util.Optional;

/**
 * Refuses sign-ups from a client address past its limit per window, so one client cannot create
 * organizations (or probe which emails are taken) in bulk. Every attempt that reaches sign-up
 * counts, whatever its outcome; checking and counting are one atomic step.
 */
final class SignupThrottle {
  private final RateLimiter limiter;
  private final Optional<RateLimiter.Limit> perAddress;

  SignupThrottle(RateLimiter limiter, HttpSettings.SignupThrottle settings) {
    this.limiter = limiter;
    this.perAddress = settings.limit();
  }

  /**
   * @throws ApiException 429 with Retry-After when the address is at its limit
   */
  void attempt(String address) {
    if (perAddress.isEmpty()) {
      return;
    }
    if (limiter.attempt("signup:address:" + address, perAddress.get()) instanceof Refused refused) {
      throw new ApiException(
          Problem.tooManyRequests(
              "too_many_signups",
              "Too many sign-ups from this address.",
              refused.retryAfterSeconds()));
    }
  }
}

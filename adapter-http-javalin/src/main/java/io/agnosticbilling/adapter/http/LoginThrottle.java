package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.out.RateLimiter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses logins for an email or a client address after too many failures in the window. The email
 * count stops guessing one account's password from many addresses; the address count stops one
 * client from trying many accounts.
 */
final class LoginThrottle {
  private final RateLimiter limiter;
  private final RateLimiter.Limit perEmail;
  private final RateLimiter.Limit perAddress;

  LoginThrottle(RateLimiter limiter, HttpSettings.LoginThrottle settings) {
    this.limiter = limiter;
    this.perEmail = new RateLimiter.Limit(settings.maxFailuresPerEmail(), settings.window());
    this.perAddress = new RateLimiter.Limit(settings.maxFailuresPerAddress(), settings.window());
  }

  /** Throws 429 with Retry-After while either key is blocked. */
  void checkAllowed(String email, String address) {
    Optional<Duration> wait =
        longest(
            limiter.blockedFor(emailKey(email), perEmail),
            limiter.blockedFor(addressKey(address), perAddress));
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw new ApiException(
          new Problem(
                  429,
                  "too_many_login_attempts",
                  "Too many failed logins. Try again in " + seconds + " seconds.",
                  Map.of("retryAfterSeconds", seconds),
                  Map.of())
              .withHeader("Retry-After", Long.toString(seconds)));
    }
  }

  void failed(String email, String address) {
    limiter.recordFailure(emailKey(email), perEmail);
    limiter.recordFailure(addressKey(address), perAddress);
  }

  /** A success clears the email's count; the address keeps its count (it may share a NAT). */
  void succeeded(String email) {
    limiter.reset(emailKey(email));
  }

  private static String emailKey(String email) {
    return "login:email:" + email.trim().toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return "login:address:" + address;
  }

  private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}

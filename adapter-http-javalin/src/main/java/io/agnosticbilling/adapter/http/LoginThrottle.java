package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.RateLimiter.Attempt;
import io.agnosticbilling.domain.port.out.RateLimiter.Counted;
import io.agnosticbilling.domain.port.out.RateLimiter.Refused;
import java.util.Locale;

/**
 * Refuses logins for an email or a client address after too many failures in the window. The email
 * count stops guessing one account's password from many addresses; the address count stops one
 * client from trying many accounts. Each attempt takes its place in both counts before the password
 * is checked (one atomic step per count), so concurrent guesses cannot all pass a check made before
 * any of them failed; a success gives the places back.
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

  /** The places one login attempt holds in both counts until its outcome is known. */
  record Permit(String emailKey, Counted emailHit, String addressKey, Counted addressHit) {}

  /**
   * Counts the attempt against the email, then the address.
   *
   * @throws ApiException 429 with Retry-After when either count is full (nothing stays counted)
   */
  Permit begin(String email, String address) {
    String emailKey = "login:email:" + email.trim().toLowerCase(Locale.ROOT);
    String addressKey = "login:address:" + address;
    Attempt byEmail = limiter.attempt(emailKey, perEmail);
    if (byEmail instanceof Refused refused) {
      throw tooMany(refused);
    }
    Counted emailHit = (Counted) byEmail;
    Attempt byAddress = limiter.attempt(addressKey, perAddress);
    if (byAddress instanceof Refused refused) {
      limiter.release(emailKey, emailHit);
      throw tooMany(refused);
    }
    return new Permit(emailKey, emailHit, addressKey, (Counted) byAddress);
  }

  /**
   * The password was right: the email's failures are forgotten; the address gives back this
   * attempt's place and keeps its failures (it may be a NAT shared with a guesser).
   */
  void succeeded(Permit permit) {
    limiter.reset(permit.emailKey());
    limiter.release(permit.addressKey(), permit.addressHit());
  }

  /** Neither a right nor a wrong password (the check itself failed): both places go back. */
  void abandoned(Permit permit) {
    limiter.release(permit.emailKey(), permit.emailHit());
    limiter.release(permit.addressKey(), permit.addressHit());
  }

  private static ApiException tooMany(Refused refused) {
    return new ApiException(
        Problem.tooManyRequests(
            "too_many_login_attempts", "Too many failed logins.", refused.retryAfterSeconds()));
  }
}

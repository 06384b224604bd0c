package io.agnosticbilling.app;

import io.agnosticbilling.domain.port.out.RateLimiter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: the shared limiter (Redis) while it answers, this instance's own while it does not. An
 * unreachable Redis must neither let every attempt through nor turn every login and sign-up into a
 * 500, so the limits keep holding per instance until Redis is back; the switch is logged once each
 * way.
 */
final class FallbackRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackRateLimiter.class);

  private final RateLimiter shared;
  private final RateLimiter local;
  private final AtomicBoolean sharedDown = new AtomicBoolean();

  FallbackRateLimiter(RateLimiter shared, RateLimiter local) {
    this.shared = Objects.requireNonNull(shared, "'shared' must not be null");
    this.local = Objects.requireNonNull(local, "'local' must not be null");
  }

  @Override
  public Attempt attempt(String key, Limit limit) {
    try {
      Attempt attempt = shared.attempt(key, limit);
      if (sharedDown.compareAndSet(true, false)) {
        LOG.info("Redis answers again: rate limits hold across instances again");
      }
      return attempt;
    } catch (RuntimeException e) {
      if (sharedDown.compareAndSet(false, true)) {
        LOG.warn(
            "Redis unreachable: rate limits are counted by this instance until it answers ({})",
            e.getMessage());
      }
      return local.attempt(key, limit);
    }
  }

  // A hit lives in whichever limiter counted it; ids are unique, so releasing in both is exact.
  @Override
  public void release(String key, Counted hit) {
    local.release(key, hit);
    try {
      shared.release(key, hit);
    } catch (RuntimeException e) {
      // Redis is down: its hit expires with its window.
    }
  }

  @Override
  public void reset(String key) {
    local.reset(key);
    try {
      shared.reset(key);
    } catch (RuntimeException e) {
      // Redis is down: the key's hits expire with their window.
    }
  }
}

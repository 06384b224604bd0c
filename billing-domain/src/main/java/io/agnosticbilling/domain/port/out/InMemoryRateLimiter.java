package io.agnosticbilling.domain.port.out;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Default adapter: {@link RateLimiter} in this process's memory, JDK only, so the facade and the
 * HTTP adapter throttle out of the box. Good for one instance; behind a load balancer each instance
 * counts on its own, so an attacker gets {@code instances × maxFailures} tries per window.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  private final Clock clock;
  private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public InMemoryRateLimiter(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  @Override
  public Optional<Duration> blockedFor(String key, Limit limit) {
    AtomicReference<Optional<Duration>> answer = new AtomicReference<>(Optional.empty());
    // computeIfPresent runs atomically per key, so pruning never races a concurrent failure.
    failures.computeIfPresent(
        key,
        (k, times) -> {
          Instant now = clock.instant();
          prune(times, now, limit.window());
          answer.set(wait(times, now, limit));
          return times.isEmpty() ? null : times;
        });
    return answer.get();
  }

  @Override
  public Optional<Duration> recordFailure(String key, Limit limit) {
    AtomicReference<Optional<Duration>> answer = new AtomicReference<>(Optional.empty());
    failures.compute(
        key,
        (k, existing) -> {
          Deque<Instant> times = existing == null ? new ArrayDeque<>() : existing;
          Instant now = clock.instant();
          prune(times, now, limit.window());
          times.addLast(now);
          // Only the newest maxFailures matter for the wait, so memory per key stays bounded.
          while (times.size() > limit.maxFailures()) {
            times.removeFirst();
          }
          answer.set(wait(times, now, limit));
          return times;
        });
    return answer.get();
  }

  @Override
  public void reset(String key) {
    failures.remove(key);
  }

  /** Failures held for {@code key}; read it only once writers are done. */
  public int failuresCounted(String key) {
    Deque<Instant> times = failures.get(key);
    return times == null ? 0 : times.size();
  }

  private static void prune(Deque<Instant> times, Instant now, Duration window) {
    Instant cutoff = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
      times.removeFirst();
    }
  }

  private static Optional<Duration> wait(Deque<Instant> times, Instant now, Limit limit) {
    if (times.size() < limit.maxFailures()) {
      return Optional.empty();
    }
    Instant freeAt = times.peekFirst().plus(limit.window());
    Duration left = Duration.between(now, freeAt);
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }
}

package io.agnosticbilling.domain.port.out;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Default adapter: {@link RateLimiter} in this process's memory, JDK only, so the facade and the
 * HTTP adapter throttle out of the box. Good for one instance; behind a load balancer each instance
 * counts on its own, so an attacker gets {@code instances × maxHits} tries per window.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  private final Clock clock;
  private final ConcurrentHashMap<String, Deque<Hit>> hits = new ConcurrentHashMap<>();

  public InMemoryRateLimiter(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
  }

  private record Hit(Instant at, String id) {}

  @Override
  public Attempt attempt(String key, Limit limit) {
    Objects.requireNonNull(limit, "'limit' must not be null");
    AtomicReference<Attempt> answer = new AtomicReference<>();
    // compute runs atomically per key: the check and the count are one step, so concurrent
    // attempts can never both take the last place.
    hits.compute(
        key,
        (k, existing) -> {
          Deque<Hit> times = existing == null ? new ArrayDeque<>() : existing;
          Instant now = clock.instant();
          Instant cutoff = now.minus(limit.window());
          while (!times.isEmpty() && !times.peekFirst().at().isAfter(cutoff)) {
            times.removeFirst();
          }
          if (times.size() < limit.maxHits()) {
            Hit hit = new Hit(now, UUID.randomUUID().toString());
            times.addLast(hit);
            answer.set(new Counted(hit.id()));
          } else {
            // Refused attempts are not stored, so memory per key stays at maxHits.
            Instant freeAt = times.peekFirst().at().plus(limit.window());
            answer.set(new Refused(Duration.between(now, freeAt)));
          }
          return times.isEmpty() ? null : times;
        });
    return answer.get();
  }

  @Override
  public void release(String key, Counted hit) {
    Objects.requireNonNull(hit, "'hit' must not be null");
    hits.computeIfPresent(
        key,
        (k, times) -> {
          times.removeIf(h -> h.id().equals(hit.hitId()));
          return times.isEmpty() ? null : times;
        });
  }

  @Override
  public void reset(String key) {
    hits.remove(key);
  }

  /** Hits held for {@code key}; read it only once writers are done. */
  public int hitsHeld(String key) {
    Deque<Hit> times = hits.get(key);
    return times == null ? 0 : times.size();
  }
}

package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: usage counters in memory. Each counter carries its own idempotency keys, so a key is
 * scoped to one organization, metric and period, and a new period forgets them. Counters are never
 * expired: a test process does not live long enough for that to matter.
 */
public final class InMemoryUsageCounters implements UsageCounters {
  private final ConcurrentHashMap<UsageKey, Counter> counters = new ConcurrentHashMap<>();

  @Override
  public UsageRecorded record(UsageRequest request) {
    Objects.requireNonNull(request, "'request' must not be null");
    UsageRecorded[] decision = new UsageRecorded[1];
    // compute() holds the key's bin lock: check, increment and key registration are one step.
    counters.compute(
        request.key(),
        (key, existing) -> {
          Counter counter = existing == null ? new Counter() : existing;
          decision[0] = counter.apply(request);
          return counter;
        });
    return decision[0];
  }

  @Override
  public long used(UsageKey key) {
    Counter counter = counters.get(key);
    return counter == null ? 0 : counter.used;
  }

  /** Mutated only inside {@code compute}, which serializes access per key. */
  private static final class Counter {
    private volatile long used;
    private final Map<String, UsageRecorded> decisions = new HashMap<>();

    UsageRecorded apply(UsageRequest request) {
      if (request.idempotencyKey().isPresent()) {
        UsageRecorded first = decisions.get(request.idempotencyKey().get());
        if (first != null) {
          return first.asReplay();
        }
      }
      UsageRecorded decision;
      if (request.limit().allows(used, request.quantity())) {
        decision = UsageRecorded.allowed(used, used + request.quantity());
        used = decision.usedAfter();
      } else {
        decision = UsageRecorded.refused(used);
      }
      request.idempotencyKey().ifPresent(k -> decisions.put(k, decision));
      return decision;
    }
  }
}

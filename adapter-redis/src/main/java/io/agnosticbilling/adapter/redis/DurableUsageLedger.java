package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Outbound port of this adapter: the durable record behind the Redis counters (the store's
 * counters). Redis decides; this keeps what was decided, so losing Redis loses no count.
 */
public interface DurableUsageLedger {

  /** The durable count, 0 for a counter never incremented. */
  long used(UsageKey key);

  /**
   * Adds {@code quantity} without a limit check (Redis already checked it). With an idempotency key
   * recorded before for this counter nothing is added and the first decision is returned with
   * {@code replayed = true}; so a retried write counts once.
   */
  UsageRecorded add(
      UsageKey key, long quantity, Optional<String> idempotencyKey, Instant periodEnd);

  /** The full conditional increment of the domain port, used while Redis is unreachable. */
  UsageRecorded record(UsageRequest request);

  /** A ledger over any store's {@link UsageCounters} (in memory, Mongo, ...). */
  static DurableUsageLedger over(UsageCounters counters) {
    return new UsageCountersLedger(counters);
  }
}

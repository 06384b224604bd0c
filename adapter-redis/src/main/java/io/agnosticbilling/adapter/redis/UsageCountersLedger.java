package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger on the domain port alone: an unconditional add is a conditional increment against an
 * unlimited quota, and the store's own idempotency keys make a retried add count once.
 */
final class UsageCountersLedger implements DurableUsageLedger {
  private final UsageCounters counters;

  UsageCountersLedger(UsageCounters counters) {
    this.counters = Objects.requireNonNull(counters, "'counters' must not be null");
  }

  @Override
  public long used(UsageKey key) {
    return counters.used(key);
  }

  @Override
  public UsageRecorded add(
      UsageKey key, long quantity, Optional<String> idempotencyKey, Instant periodEnd) {
    return counters.record(
        new UsageRequest(key, quantity, Quota.unlimited(), idempotencyKey, periodEnd));
  }

  @Override
  public UsageRecorded record(UsageRequest request) {
    return counters.record(request);
  }
}

package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;

/** Outbound port: per-period usage counters with an atomic conditional increment. */
public interface UsageCounters {

  /**
   * Adds {@code request.quantity()} to the counter only if the result stays within {@code
   * request.limit()}, as one atomic step: concurrent callers (threads or processes) never push the
   * count above the limit. With an idempotency key seen before for the same counter, nothing is
   * counted and the first decision is returned with {@code replayed = true}.
   */
  UsageRecorded record(UsageRequest request);

  /** The current count, 0 for a counter never incremented. */
  long used(UsageKey key);
}

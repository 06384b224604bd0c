package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.CheckoutSessions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Adapter: created Checkout sessions in memory, confirmed at most once each. */
public final class InMemoryCheckoutSessions implements CheckoutSessions {
  private final ConcurrentHashMap<String, CheckoutRecord> bySessionId = new ConcurrentHashMap<>();

  @Override
  public void created(CheckoutRecord record) {
    Objects.requireNonNull(record, "'record' must not be null");
    // A repeated report of the same session keeps the first record and its confirmation.
    bySessionId.putIfAbsent(record.sessionId(), record);
  }

  @Override
  public boolean confirmed(String sessionId, Instant at) {
    Objects.requireNonNull(sessionId, "'sessionId' must not be null");
    Objects.requireNonNull(at, "'at' must not be null");
    boolean[] first = new boolean[1];
    bySessionId.computeIfPresent(
        sessionId,
        (id, record) -> {
          if (record.confirmedAt().isPresent()) {
            return record;
          }
          first[0] = true;
          return new CheckoutRecord(
              id, record.organizationId(), record.plan(), record.createdAt(), Optional.of(at));
        });
    return first[0];
  }

  @Override
  public Optional<CheckoutRecord> find(String sessionId) {
    return Optional.ofNullable(bySessionId.get(sessionId));
  }

  /** Every record, for the in-memory reports. */
  List<CheckoutRecord> all() {
    return List.copyOf(bySessionId.values());
  }
}

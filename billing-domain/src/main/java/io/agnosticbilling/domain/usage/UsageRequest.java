package io.agnosticbilling.domain.usage;

import io.agnosticbilling.domain.plan.Quota;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: one conditional increment: add {@code quantity} to the counter only while the
 * result stays within {@code limit}. The idempotency key, when present, makes a repeat return the
 * first decision. {@code periodEnd} lets stores expire the counter.
 */
public record UsageRequest(
    UsageKey key, long quantity, Quota limit, Optional<String> idempotencyKey, Instant periodEnd) {
  /** The longest idempotency key (a client's run id), in characters. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

  public UsageRequest {
    Objects.requireNonNull(key, "'key' must not be null");
    Objects.requireNonNull(limit, "'limit' must not be null");
    Objects.requireNonNull(idempotencyKey, "'idempotencyKey' must not be null");
    Objects.requireNonNull(periodEnd, "'periodEnd' must not be null");
    if (quantity < 1) {
      throw new IllegalArgumentException("'quantity' must be at least 1");
    }
    idempotencyKey.ifPresent(
        k -> {
          if (!acceptsIdempotencyKey(k)) {
            throw new IllegalArgumentException(
                "'idempotencyKey' must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
          }
        });
  }

  /** The one rule for idempotency keys (run ids): not blank, at most 200 characters. */
  public static boolean acceptsIdempotencyKey(String key) {
    return key != null && !key.isBlank() && key.length() <= MAX_IDEMPOTENCY_KEY_LENGTH;
  }
}

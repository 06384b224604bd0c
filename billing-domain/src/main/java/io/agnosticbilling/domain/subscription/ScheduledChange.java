package io.agnosticbilling.domain.subscription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: the price a provider schedule moves the subscription to, and when (the start of the
 * schedule's next phase).
 *
 * @param productId the provider's product of that price, when it says (a former price is still
 *     recognized by its plan's product)
 */
public record ScheduledChange(String priceId, Optional<String> productId, Instant at) {
  public ScheduledChange {
    if (priceId == null || priceId.isBlank()) {
      throw new IllegalArgumentException("'priceId' must not be blank");
    }
    Objects.requireNonNull(productId, "'productId' must not be null");
    Objects.requireNonNull(at, "'at' must not be null");
  }
}

package io.agnosticbilling.domain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Value object: what every provider event carries: its id (claimed once), type, creation time
 * (whole seconds, used for ordering) and whether it comes from live mode.
 */
public record EventHeader(String id, String type, Instant created, boolean livemode) {
  public EventHeader {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'id' must not be blank");
    }
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("'type' must not be blank");
    }
    Objects.requireNonNull(created, "'created' must not be null");
  }

  public long createdEpochSecond() {
    return created.getEpochSecond();
  }
}

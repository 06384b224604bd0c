package io.agnosticbilling.domain.notification;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a notification is in the outbox: waiting (or being delivered under a lease), delivered to
 * every channel, or given up after the last attempt (an operator may retry it).
 */
public enum OutboxStatus {
  PENDING,
  DELIVERED,
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OutboxStatus> fromWireName(String name) {
    for (OutboxStatus s : values()) {
      if (s.wireName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

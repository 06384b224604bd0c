package io.agnosticbilling.domain.subscription;

import java.util.Optional;

/** The payment provider's subscription statuses, mirrored one to one. */
public enum SubscriptionStatus {
  INCOMPLETE("incomplete"),
  INCOMPLETE_EXPIRED("incomplete_expired"),
  TRIALING("trialing"),
  ACTIVE("active"),
  PAST_DUE("past_due"),
  UNPAID("unpaid"),
  PAUSED("paused"),
  CANCELED("canceled");

  private final String wireName;

  SubscriptionStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Terminal statuses are never left by the same subscription id. */
  public boolean isTerminal() {
    return this == CANCELED || this == INCOMPLETE_EXPIRED;
  }

  public static Optional<SubscriptionStatus> fromWireName(String name) {
    for (SubscriptionStatus s : values()) {
      if (s.wireName.equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

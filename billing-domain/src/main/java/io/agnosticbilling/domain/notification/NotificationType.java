package io.agnosticbilling.domain.notification;

import java.util.Optional;

/** What a notification tells; its wire name is the {@code type} receivers see. */
public enum NotificationType {
  USAGE_THRESHOLD_CROSSED("usage.threshold_crossed"),
  USAGE_LIMIT_REACHED("usage.limit_reached"),
  PAYMENT_FAILED("payment.failed"),
  TRIAL_ENDING("trial.ending"),
  SUBSCRIPTION_STARTED("subscription.started"),
  SUBSCRIPTION_CHANGED("subscription.changed"),
  SUBSCRIPTION_CANCELED("subscription.canceled");

  private final String wireName;

  NotificationType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<NotificationType> fromWireName(String name) {
    for (NotificationType t : values()) {
      if (t.wireName.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}

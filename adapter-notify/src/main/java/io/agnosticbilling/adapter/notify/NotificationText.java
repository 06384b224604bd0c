package io.agnosticbilling.adapter.notify;

import io.agnosticbilling.domain.notification.Notification;
import java.util.Map;

/** The subject and plain-text body of a notification email, in English. */
record NotificationText(String subject, String body) {

  static NotificationText of(Notification n) {
    Map<String, Object> d = n.data().values();
    String subject =
        switch (n.type()) {
          case USAGE_THRESHOLD_CROSSED ->
              "Usage of " + d.get("metric") + " reached " + d.get("threshold") + " % of the limit";
          case USAGE_LIMIT_REACHED -> "The " + d.get("metric") + " limit is reached";
          case PAYMENT_FAILED -> "A payment failed";
          case TRIAL_ENDING -> "Your trial ends soon";
          case SUBSCRIPTION_STARTED -> "Your " + d.get("plan") + " subscription started";
          case SUBSCRIPTION_CHANGED -> "Your subscription changed";
          case SUBSCRIPTION_CANCELED -> "Your subscription was canceled";
        };
    StringBuilder body =
        new StringBuilder()
            .append(subject)
            .append(".\n\n")
            .append("Organization: ")
            .append(n.organizationId().value())
            .append('\n')
            .append("When: ")
            .append(n.createdAt())
            .append("\n\n");
    d.forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
    body.append("\nNotification ").append(n.id()).append('\n');
    return new NotificationText("[Billing] " + subject, body.toString());
  }
}

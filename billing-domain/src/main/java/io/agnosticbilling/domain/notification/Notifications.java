package io.agnosticbilling.domain.notification;

import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The notifications of each cause, with ids derived from the cause so the same cause always gives
 * the same id (a webhook applied again, an alert raced by two instances).
 */
public final class Notifications {
  /** Statuses of a subscription that has started and not ended. */
  private static final Set<SubscriptionStatus> LIVE =
      Set.of(
          SubscriptionStatus.TRIALING,
          SubscriptionStatus.ACTIVE,
          SubscriptionStatus.PAST_DUE,
          SubscriptionStatus.UNPAID,
          SubscriptionStatus.PAUSED);

  private Notifications() {}

  /**
   * {@code usage.threshold_crossed}, or {@code usage.limit_reached} at 100 %; id {@code
   * <type>:<organization>:<metric>:<period start>:<threshold>}.
   */
  public static Notification usage(UsageAlert alert) {
    NotificationType type =
        alert.threshold() >= 100
            ? NotificationType.USAGE_LIMIT_REACHED
            : NotificationType.USAGE_THRESHOLD_CROSSED;
    return new Notification(
        type.wireName()
            + ":"
            + alert.organizationId().value()
            + ":"
            + alert.metric().key()
            + ":"
            + alert.periodStart().getEpochSecond()
            + ":"
            + alert.threshold(),
        type,
        alert.organizationId(),
        alert.at(),
        NotificationData.builder()
            .put("metric", alert.metric().key())
            .put("threshold", alert.threshold())
            .put("used", alert.used())
            .put("limit", alert.limit())
            .put("periodStart", alert.periodStart())
            .build());
  }

  /** {@code payment.failed}; id {@code payment.failed:<event id>}. */
  public static Notification paymentFailed(
      String eventId, OrganizationId organizationId, InvoiceInfo invoice, Instant at) {
    return new Notification(
        NotificationType.PAYMENT_FAILED.wireName() + ":" + eventId,
        NotificationType.PAYMENT_FAILED,
        organizationId,
        at,
        NotificationData.builder()
            .put("invoiceId", invoice.invoiceId())
            .put("subscriptionId", invoice.subscriptionId().orElse(null))
            .put("amountMinor", invoice.amountMinor())
            .put("currency", invoice.currency())
            .put("attemptCount", invoice.attemptCount())
            .put("nextAttemptAt", invoice.nextAttemptAt().orElse(null))
            .build());
  }

  /** {@code trial.ending}; id {@code trial.ending:<event id>}. */
  public static Notification trialEnding(
      String eventId,
      OrganizationId organizationId,
      String subscriptionId,
      Optional<Instant> trialEnd,
      String plan,
      Instant at) {
    return new Notification(
        NotificationType.TRIAL_ENDING.wireName() + ":" + eventId,
        NotificationType.TRIAL_ENDING,
        organizationId,
        at,
        NotificationData.builder()
            .put("subscriptionId", subscriptionId)
            .put("plan", plan)
            .put("trialEnd", trialEnd.orElse(null))
            .build());
  }

  /**
   * What moving a subscription from {@code before} to {@code after} tells: {@code
   * subscription.started} (it became live; id per subscription), {@code subscription.canceled} (it
   * ended after being live; id per subscription) or {@code subscription.changed} (plan, status or
   * cancel-at-period-end changed while live; id per subscription and {@code cause}: the event id,
   * or the organization version the change is saved at). Nothing for a renewal.
   */
  public static List<Notification> subscriptionChange(
      OrganizationId organizationId,
      Optional<Subscription> before,
      Subscription after,
      String cause,
      Instant at) {
    boolean wasLive = before.isPresent() && LIVE.contains(before.get().status());
    boolean isLive = LIVE.contains(after.status());
    List<Notification> out = new ArrayList<>(1);
    if (!wasLive && isLive) {
      out.add(
          subscription(
              NotificationType.SUBSCRIPTION_STARTED, "", organizationId, before, after, at));
    } else if (wasLive && after.status().isTerminal()) {
      out.add(
          subscription(
              NotificationType.SUBSCRIPTION_CANCELED, "", organizationId, before, after, at));
    } else if (wasLive
        && isLive
        && (!before.get().plan().equals(after.plan())
            || before.get().status() != after.status()
            || before.get().cancelAtPeriodEnd() != after.cancelAtPeriodEnd())) {
      out.add(
          subscription(
              NotificationType.SUBSCRIPTION_CHANGED,
              ":" + cause,
              organizationId,
              before,
              after,
              at));
    }
    return out;
  }

  private static Notification subscription(
      NotificationType type,
      String idSuffix,
      OrganizationId organizationId,
      Optional<Subscription> before,
      Subscription after,
      Instant at) {
    return new Notification(
        type.wireName() + ":" + after.id() + idSuffix,
        type,
        organizationId,
        at,
        NotificationData.builder()
            .put("subscriptionId", after.id())
            .put("plan", after.plan().value())
            .put("status", after.status().wireName())
            .put("cancelAtPeriodEnd", after.cancelAtPeriodEnd())
            .put("currentPeriodEnd", after.currentPeriodEnd())
            .put("trialEnd", after.trialEnd().orElse(null))
            .put("previousPlan", before.map(s -> s.plan().value()).orElse(null))
            .put("previousStatus", before.map(s -> s.status().wireName()).orElse(null))
            .build());
  }
}

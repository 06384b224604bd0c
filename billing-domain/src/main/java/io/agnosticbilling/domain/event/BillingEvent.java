package io.agnosticbilling.domain.event;

import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.util.Objects;

/**
 * A provider event translated into the domain's terms. Adapters produce these; the domain applies
 * them through {@code HandleBillingEvent}.
 */
public sealed interface BillingEvent
    permits BillingEvent.SubscriptionChanged,
        BillingEvent.InvoicePaid,
        BillingEvent.InvoicePaymentFailed,
        BillingEvent.CheckoutCompleted,
        BillingEvent.ScheduleChanged,
        BillingEvent.TrialWillEnd,
        BillingEvent.Unhandled,
        BillingEvent.Unreadable {

  EventHeader header();

  /** A subscription was created, updated or deleted; carries the full snapshot. */
  record SubscriptionChanged(EventHeader header, Change change, SubscriptionSnapshot subscription)
      implements BillingEvent {
    /** Which of the three subscription events it was. */
    public enum Change {
      CREATED,
      UPDATED,
      DELETED
    }
  }

  /** An invoice was paid. */
  record InvoicePaid(EventHeader header, InvoiceInfo invoice) implements BillingEvent {}

  /** An invoice payment attempt failed. */
  record InvoicePaymentFailed(EventHeader header, InvoiceInfo invoice) implements BillingEvent {}

  /** A Checkout session completed: links the customer and subscription to the organization. */
  record CheckoutCompleted(EventHeader header, CheckoutSessionInfo session)
      implements BillingEvent {}

  /**
   * A provider schedule of a subscription was created, changed, released, canceled or completed
   * (Stripe's {@code subscription_schedule.*}). Its phases are not applied from the event: the
   * subscription is fetched with its schedule and applied as the provider's state, so the stored
   * schedule is always one the provider held, whatever order the events arrive in.
   */
  record ScheduleChanged(
      EventHeader header, String scheduleId, String subscriptionId, String customerId)
      implements BillingEvent {
    public ScheduleChanged {
      Objects.requireNonNull(header, "'header' must not be null");
      for (String id : new String[] {scheduleId, subscriptionId, customerId}) {
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException(
              "schedule, subscription and customer ids are required");
        }
      }
    }
  }

  /**
   * A trial ends soon (Stripe's {@code customer.subscription.trial_will_end}, three days before):
   * the snapshot is applied like any other, and the organization is notified.
   */
  record TrialWillEnd(EventHeader header, SubscriptionSnapshot subscription)
      implements BillingEvent {}

  /** Any other event: logged as {@code ignored}. */
  record Unhandled(EventHeader header) implements BillingEvent {}

  /**
   * A verified event whose envelope was read but whose object was not (a provider API version whose
   * shape the adapter does not know): it fails in the webhook log with {@code reason}, so the
   * provider retries and an operator sees why.
   *
   * @param reason for people: which version, which object and field
   */
  record Unreadable(EventHeader header, String reason) implements BillingEvent {
    public Unreadable {
      Objects.requireNonNull(header, "'header' must not be null");
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("'reason' must not be blank");
      }
    }
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.ProviderCallInTransaction;
import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.CheckoutCompleted;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaid;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaymentFailed;
import io.agnosticbilling.domain.event.BillingEvent.ScheduleChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.TrialWillEnd;
import io.agnosticbilling.domain.event.BillingEvent.Unhandled;
import io.agnosticbilling.domain.event.BillingEvent.Unreadable;
import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.Notifications;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.HandleBillingEvent;
import io.agnosticbilling.domain.port.in.ListWebhookEvents;
import io.agnosticbilling.domain.port.in.ReplayWebhook;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.service.OrganizationUpdater.Change;
import io.agnosticbilling.domain.service.SubscriptionApplier.Applied;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Use cases: handle a provider event exactly once (claim in the log, apply, finish), replay a
 * failed one, and list the log.
 */
public final class BillingEventService
    implements HandleBillingEvent, ReplayWebhook, ListWebhookEvents {
  private static final int MAX_PAGE = 200;

  private final WebhookLog log;
  private final OwnerResolution owners;
  private final OrganizationUpdater updater;
  private final SubscriptionApplier applier;
  private final PaymentProvider provider;
  private final PaymentEvents paymentEvents;
  private final Duration lease;
  private final Clock clock;

  BillingEventService(
      WebhookLog log,
      OwnerResolution owners,
      OrganizationUpdater updater,
      SubscriptionApplier applier,
      PaymentProvider provider,
      PaymentEvents paymentEvents,
      Duration lease,
      Clock clock) {
    this.log = log;
    this.owners = owners;
    this.updater = updater;
    this.applier = applier;
    this.provider = provider;
    this.paymentEvents = paymentEvents;
    this.lease = lease;
    this.clock = clock;
  }

  @Override
  public EventOutcome handle(BillingEvent event, String rawPayload) {
    String id = event.header().id();
    Claim claim =
        log.claim(
            new IncomingEvent(event.header(), rawPayload, namedOrganization(event)),
            clock.instant(),
            lease);
    if (claim instanceof Claim.AlreadyFinished finished) {
      return new EventOutcome(id, finished.entry().status(), true, finished.entry().detail());
    }
    if (claim instanceof Claim.InProgress) {
      throw new ConflictException(
          "event_in_progress", "Event " + id + " is being processed; retry later.");
    }
    int attempt = claim.entry().attempts();
    Applied applied;
    try {
      applied = process(event);
    } catch (ProviderCallInTransaction notHere) {
      // Not a failure of the event: the transaction around this call is rolled back whole
      // (the claim with it) and the facade handles the event again outside it.
      throw notHere;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      log.finish(
          id,
          attempt,
          WebhookStatus.ERROR,
          Optional.empty(),
          Optional.empty(),
          Optional.of(message),
          clock.instant());
      throw e instanceof EventProcessingException epe
          ? epe
          : new EventProcessingException("event " + id + " failed: " + message, e);
    }
    log.finish(
        id,
        attempt,
        applied.status(),
        applied.organizationId(),
        Optional.of(applied.detail()),
        Optional.empty(),
        clock.instant());
    return new EventOutcome(id, applied.status(), false, Optional.of(applied.detail()));
  }

  /**
   * The organization the event's object names, where {@link OwnerResolution} starts: the store may
   * read it with the claim.
   */
  private static Optional<OrganizationId> namedOrganization(BillingEvent event) {
    if (event instanceof SubscriptionChanged changed) {
      return changed.subscription().organizationId();
    }
    if (event instanceof TrialWillEnd trial) {
      return trial.subscription().organizationId();
    }
    if (event instanceof InvoicePaid paid) {
      return paid.invoice().organizationId();
    }
    if (event instanceof InvoicePaymentFailed failed) {
      return failed.invoice().organizationId();
    }
    if (event instanceof CheckoutCompleted completed) {
      return completed.session().organizationId();
    }
    return Optional.empty();
  }

  private Applied process(BillingEvent event) {
    if (event instanceof Unreadable unreadable) {
      // Before the livemode check: an event that cannot be read is an operator's problem in
      // either mode, and failing makes the provider retry it after an upgrade.
      throw new EventProcessingException(
          "event "
              + event.header().id()
              + " ("
              + event.header().type()
              + ") cannot be read: "
              + unreadable.reason());
    }
    if (event.header().livemode() != provider.livemode()) {
      return new Applied(WebhookStatus.IGNORED, Optional.empty(), WebhookLog.LIVEMODE_MISMATCH);
    }
    if (event instanceof SubscriptionChanged changed) {
      return applier.applyEvent(
          changed.subscription(), event.header().createdEpochSecond(), event.header().id());
    }
    if (event instanceof TrialWillEnd trial) {
      return applier.applyEvent(
          trial.subscription(),
          event.header().createdEpochSecond(),
          event.header().id(),
          org ->
              List.of(
                  Notifications.trialEnding(
                      event.header().id(),
                      org.id(),
                      trial.subscription().subscriptionId(),
                      trial.subscription().trialEnd(),
                      applier.planOf(trial.subscription()).id().value(),
                      clock.instant())));
    }
    if (event instanceof InvoicePaid paid) {
      return recordPayment(paid.invoice(), PaymentRecord.Outcome.PAID, event);
    }
    if (event instanceof InvoicePaymentFailed failed) {
      return recordPayment(failed.invoice(), PaymentRecord.Outcome.FAILED, event);
    }
    if (event instanceof CheckoutCompleted completed) {
      return applier.applyCheckoutEvent(
          completed.session(), event.header().createdEpochSecond(), event.header().id());
    }
    if (event instanceof ScheduleChanged schedule) {
      return applier.refreshForSchedule(
          schedule.scheduleId(), schedule.subscriptionId(), schedule.customerId());
    }
    if (event instanceof Unhandled) {
      return new Applied(
          WebhookStatus.IGNORED,
          Optional.empty(),
          "event type not handled: " + event.header().type());
    }
    throw new IllegalStateException("unknown event kind " + event.getClass().getName());
  }

  private Applied recordPayment(
      InvoiceInfo invoice, PaymentRecord.Outcome outcome, BillingEvent event) {
    Optional<Organization> owner = owners.of(invoice);
    if (owner.isEmpty()) {
      return new Applied(
          WebhookStatus.IGNORED,
          Optional.empty(),
          "no organization for invoice " + invoice.invoiceId());
    }
    PaymentRecord record =
        new PaymentRecord(
            invoice.invoiceId(),
            invoice.subscriptionId(),
            outcome,
            invoice.amountMinor(),
            invoice.currency(),
            invoice.attemptCount(),
            invoice.nextAttemptAt(),
            event.header().created());
    // The latest payment by event time wins, so delivery order does not matter.
    Comparator<PaymentRecord> order =
        Comparator.comparing(PaymentRecord::at)
            .thenComparing(PaymentRecord::invoiceId)
            .thenComparing(PaymentRecord::outcome);
    return updater.update(
        owner.get(),
        org -> {
          if (org.lastPayment().isPresent()
              && order.compare(org.lastPayment().get(), record) >= 0) {
            return Change.none(
                new Applied(
                    WebhookStatus.STALE,
                    Optional.of(org.id()),
                    "an equal or newer payment is recorded"));
          }
          List<Notification> notifications =
              outcome == PaymentRecord.Outcome.FAILED
                  ? List.of(
                      Notifications.paymentFailed(
                          event.header().id(), org.id(), invoice, clock.instant()))
                  : List.of();
          return Change.save(
              org.withLastPayment(record),
              new Applied(
                  WebhookStatus.PROCESSED,
                  Optional.of(org.id()),
                  "payment " + outcome.name().toLowerCase(Locale.ROOT) + " recorded"),
              notifications);
        });
  }

  @Override
  public EventOutcome replay(String eventId) {
    WebhookLogEntry entry =
        log.find(eventId)
            .orElseThrow(
                () -> new NotFoundException("event_not_found", "No logged event " + eventId + "."));
    if (entry.status().isFinished()) {
      throw new ConflictException(
          "event_not_replayable",
          "Event "
              + eventId
              + " is "
              + entry.status().wireName()
              + "; only failed events are replayed.");
    }
    BillingEvent event;
    try {
      event = paymentEvents.read(entry.payload());
    } catch (WebhookRefused e) {
      throw new EventProcessingException(
          "stored payload of " + eventId + " cannot be read: " + e.getMessage(), e);
    }
    return handle(event, entry.payload());
  }

  @Override
  public List<WebhookLogEntry> webhookEvents(
      Optional<WebhookStatus> status, int offset, int limit) {
    if (offset < 0) {
      throw new InvalidInputException("offset", "'offset' must not be negative");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidInputException("limit", "'limit' must be between 1 and " + MAX_PAGE);
    }
    return log.list(status, offset, limit);
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.Notifications;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.service.OrganizationUpdater.Change;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionTransition;
import io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Applies provider state to organizations through {@link SubscriptionTransition}: the one path
 * shared by webhooks, checkout confirmation, plan changes and reconciliation. Every entry finds the
 * owner through {@link OwnerResolution} (or is handed the organization its caller loaded) and
 * passes that organization on to the {@link OrganizationUpdater}, so one event reads it once.
 */
final class SubscriptionApplier {
  private final OwnerResolution owners;
  private final OrganizationUpdater updater;
  private final PaymentProvider provider;
  private final CheckoutSessions checkoutSessions;
  private final PlanCatalog catalog;
  private final Clock clock;

  SubscriptionApplier(
      OwnerResolution owners,
      OrganizationUpdater updater,
      PaymentProvider provider,
      CheckoutSessions checkoutSessions,
      PlanCatalog catalog,
      Clock clock) {
    this.owners = owners;
    this.updater = updater;
    this.provider = provider;
    this.checkoutSessions = checkoutSessions;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** The result of applying one snapshot. */
  record Applied(WebhookStatus status, Optional<OrganizationId> organizationId, String detail) {}

  /**
   * Applies a snapshot delivered by event {@code eventId} created at {@code observedAt} (epoch
   * seconds).
   */
  Applied applyEvent(SubscriptionSnapshot snapshot, long observedAt, String eventId) {
    return applyEvent(snapshot, observedAt, eventId, org -> List.of());
  }

  /**
   * Like {@link #applyEvent(SubscriptionSnapshot, long, String)}, saving {@code extra}'s
   * notifications for the owner with it (saving the organization as it is when the snapshot changes
   * nothing, so they are written atomically all the same).
   */
  Applied applyEvent(
      SubscriptionSnapshot snapshot,
      long observedAt,
      String eventId,
      Function<Organization, List<Notification>> extra) {
    Optional<Organization> owner = owners.of(snapshot);
    if (owner.isEmpty()) {
      return new Applied(
          WebhookStatus.IGNORED,
          Optional.empty(),
          "no organization for subscription " + snapshot.subscriptionId());
    }
    return apply(owner.get(), snapshot, observedAt, Optional.of(eventId), extra);
  }

  /**
   * Applies what the provider said (a listing, the answer to a change) to {@code organization}, as
   * loaded by the caller. It is stamped with the newest event second already applied, so every
   * event created after it still applies; where it differs from the stored state, the tie is
   * settled by a fresh fetch, so a listing or an answer read before a newer event was applied can
   * never undo that event.
   */
  Applied applyProviderState(Organization organization, SubscriptionSnapshot reported) {
    return apply(
        organization,
        reported,
        providerStamp(organization, reported.subscriptionId()),
        Optional.empty(),
        org -> List.of());
  }

  /**
   * A schedule of the subscription changed at the provider: the subscription is fetched and the
   * schedule it holds now (phases read) replaces the stored one. Only the schedule: the rest of the
   * subscription comes from its own events, ordered by their time. The event's own content is never
   * applied, so schedule events in any order, duplicated or late, store what the provider holds. A
   * subscription not stored yet is left to its own events, which name the schedule.
   */
  Applied refreshForSchedule(String scheduleId, String subscriptionId, String customerId) {
    Optional<Organization> owner = owners.ofSubscription(subscriptionId, customerId);
    if (owner.isEmpty()) {
      return new Applied(
          WebhookStatus.IGNORED,
          Optional.empty(),
          "no organization for subscription " + subscriptionId + " of schedule " + scheduleId);
    }
    if (owner.get().subscription(subscriptionId).isEmpty()) {
      return applied(
          owner.get(), "subscription " + subscriptionId + " not stored yet; its events name it");
    }
    SubscriptionSchedule truth = fetch(subscriptionId).schedule();
    return updater.update(
        owner.get(),
        org -> {
          Optional<Subscription> stored = org.subscription(subscriptionId);
          if (stored.isEmpty()
              || stored.get().status().isTerminal()
              || stored.get().schedule().equals(truth)) {
            return Change.none(applied(org, "schedule " + scheduleId + ": no change"));
          }
          return Change.save(
              org.withSubscription(stored.get().withSchedule(truth)),
              applied(org, "schedule " + scheduleId + ": the provider's schedule stored"));
        });
  }

  /**
   * A {@code checkout.session.completed} event created at {@code observedAt}: links the session's
   * customer to its organization and, when the subscription is not known yet, fetches and applies
   * it.
   */
  Applied applyCheckoutEvent(CheckoutSessionInfo session, long observedAt, String eventId) {
    return applyCheckout(session, OptionalLong.of(observedAt), Optional.of(eventId));
  }

  /**
   * The confirmation on return from Checkout, of a complete session known to belong to its
   * organization: the same linking as the event, and the fetched subscription is provider state
   * (stamped like {@link #applyProviderState}), so whichever comes first wins.
   */
  Applied confirmCheckout(CheckoutSessionInfo session) {
    return applyCheckout(session, OptionalLong.empty(), Optional.empty());
  }

  private Applied applyCheckout(
      CheckoutSessionInfo session, OptionalLong observedAt, Optional<String> eventId) {
    Optional<Organization> owner = owners.of(session);
    if (owner.isEmpty()) {
      return new Applied(
          WebhookStatus.IGNORED,
          Optional.empty(),
          "no organization for checkout session " + session.sessionId());
    }
    OrganizationId orgId = owner.get().id();
    if (!session.complete()) {
      return new Applied(
          WebhookStatus.IGNORED, Optional.of(orgId), "checkout session not complete");
    }
    Organization linked =
        session
            .customerId()
            .map(
                customer ->
                    updater.updateState(
                        owner.get(),
                        org ->
                            org.customerId().isPresent()
                                ? Optional.empty()
                                : Optional.of(org.withCustomerId(customer))))
            .orElse(owner.get());
    checkoutSessions.confirmed(session.sessionId(), clock.instant());
    if (session.subscriptionId().isPresent()
        && linked.subscription(session.subscriptionId().get()).isEmpty()) {
      String subscriptionId = session.subscriptionId().get();
      SubscriptionSnapshot snapshot =
          provider
              .fetchSubscription(subscriptionId)
              .orElseThrow(
                  () ->
                      new EventProcessingException(
                          "subscription "
                              + subscriptionId
                              + " of checkout session "
                              + session.sessionId()
                              + " is unknown to the payment provider"));
      SubscriptionSnapshot owned =
          snapshot.organizationId().isPresent() ? snapshot : snapshot.withOrganizationId(orgId);
      long stamp = observedAt.orElseGet(() -> providerStamp(linked, subscriptionId));
      Applied applied = apply(linked, owned, stamp, eventId, org -> List.of());
      return new Applied(
          applied.status(), Optional.of(orgId), "checkout linked; " + applied.detail());
    }
    return new Applied(WebhookStatus.PROCESSED, Optional.of(orgId), "checkout linked");
  }

  /** The newest event second already applied to the subscription; 0 when there is none. */
  private static long providerStamp(Organization organization, String subscriptionId) {
    return organization.subscription(subscriptionId).map(Subscription::lastEventCreated).orElse(0L);
  }

  private Applied apply(
      Organization loaded,
      SubscriptionSnapshot incoming,
      long observedAt,
      Optional<String> eventId,
      Function<Organization, List<Notification>> extra) {
    Plan plan = planOf(incoming);
    // The fetch for a same-second tie happens at most once, however often the save is retried.
    List<SubscriptionSnapshot> fetched = new ArrayList<>(1);
    return updater.update(
        loaded,
        org -> {
          Optional<Subscription> stored = org.subscription(incoming.subscriptionId());
          Change<Applied> change = decide(org, stored, incoming, observedAt, plan, fetched);
          if (!updater.notifying()) {
            return change;
          }
          return change
              .notifying(org, subscriptionNotifications(org, stored, change, incoming, eventId))
              .notifying(org, extra.apply(org));
        });
  }

  /** What the saved state tells about the subscription, compared with the stored one. */
  private List<Notification> subscriptionNotifications(
      Organization org,
      Optional<Subscription> stored,
      Change<Applied> change,
      SubscriptionSnapshot incoming,
      Optional<String> eventId) {
    Optional<Subscription> after =
        change.updated().flatMap(next -> next.subscription(incoming.subscriptionId()));
    if (after.isEmpty()) {
      return List.of();
    }
    String cause = eventId.orElse("v" + (org.version() + 1));
    return Notifications.subscriptionChange(org.id(), stored, after.get(), cause, clock.instant());
  }

  private Change<Applied> decide(
      Organization org,
      Optional<Subscription> stored,
      SubscriptionSnapshot incoming,
      long observedAt,
      Plan plan,
      List<SubscriptionSnapshot> fetched) {
    Decision decision = SubscriptionTransition.decide(stored, incoming, observedAt);
    return switch (decision) {
      case APPLY ->
          Change.save(
              org.withSubscription(
                  succeeding(
                          stored,
                          Subscription.from(incoming, plan.id(), observedAt),
                          incoming,
                          observedAt)
                      .withSchedule(scheduleOf(stored, incoming, fetched))),
              applied(org, "applied " + incoming.status().wireName()));
      case STALE ->
          // A stale past_due snapshot still counts for when past_due was entered.
          recordingPastDue(
              org,
              stored.get(),
              incoming,
              observedAt,
              new Applied(
                  WebhookStatus.STALE,
                  Optional.of(org.id()),
                  "older than the state already applied"));
      case UNCHANGED ->
          recordingPastDue(org, stored.get(), incoming, observedAt, applied(org, "no change"));
      case RESOLVE_BY_FETCH -> {
        if (fetched.isEmpty()) {
          fetched.add(fetch(incoming.subscriptionId()));
        }
        SubscriptionSnapshot truth = fetched.get(0);
        if (stored.get().status().isTerminal() && !truth.status().isTerminal()) {
          yield Change.none(
              new Applied(
                  WebhookStatus.STALE, Optional.of(org.id()), "subscription already ended"));
        }
        yield Change.save(
            org.withSubscription(
                succeeding(
                        stored,
                        Subscription.from(truth, planOf(truth).id(), observedAt),
                        incoming,
                        observedAt)
                    .withSchedule(scheduleOf(stored, truth, fetched))),
            applied(org, "same-second tie resolved from the provider"));
      }
    };
  }

  /**
   * The schedule to store for {@code incoming}. A subscription event names its schedule without the
   * phases: the stored reading of that same schedule is kept, else the subscription is fetched (at
   * most once per event) and its reading taken if it is the same schedule; otherwise only the id is
   * stored. A reading always comes from the provider, so it never depends on delivery order.
   */
  private SubscriptionSchedule scheduleOf(
      Optional<Subscription> stored,
      SubscriptionSnapshot incoming,
      List<SubscriptionSnapshot> fetched) {
    SubscriptionSchedule named = incoming.schedule();
    if (!(named instanceof SubscriptionSchedule.Attached)) {
      return named;
    }
    Optional<SubscriptionSchedule> known =
        stored
            .map(Subscription::schedule)
            .filter(s -> s instanceof SubscriptionSchedule.Read && s.id().equals(named.id()));
    if (known.isPresent()) {
      return known.get();
    }
    if (fetched.isEmpty()) {
      fetched.add(fetch(incoming.subscriptionId()));
    }
    SubscriptionSchedule truth = fetched.get(0).schedule();
    return truth instanceof SubscriptionSchedule.Read && truth.id().equals(named.id())
        ? truth
        : named;
  }

  /**
   * The next state: {@code next}, keeping the past_due entry of the state it replaces while the
   * period is the same, and counting the incoming snapshot if it is past_due. A fetched state is
   * not itself counted: its creation time is unknown, only the event's is.
   */
  private static Subscription succeeding(
      Optional<Subscription> stored,
      Subscription next,
      SubscriptionSnapshot incoming,
      long observedAt) {
    return stored.map(next::succeeding).orElse(next).sawPastDue(incoming, observedAt);
  }

  /** Saves the stored state only if the incoming snapshot moves its past_due entry earlier. */
  private static Change<Applied> recordingPastDue(
      Organization org,
      Subscription stored,
      SubscriptionSnapshot incoming,
      long observedAt,
      Applied result) {
    Subscription seen = stored.sawPastDue(incoming, observedAt);
    return seen.equals(stored)
        ? Change.none(result)
        : Change.save(org.withSubscription(seen), result);
  }

  private static Applied applied(Organization org, String detail) {
    return new Applied(WebhookStatus.PROCESSED, Optional.of(org.id()), detail);
  }

  private SubscriptionSnapshot fetch(String subscriptionId) {
    return provider
        .fetchSubscription(subscriptionId)
        .orElseThrow(
            () ->
                new EventProcessingException(
                    "subscription " + subscriptionId + " is unknown to the payment provider"));
  }

  /**
   * The plan sold by the snapshot's price (current or former, or of the plan's product); an unknown
   * price fails the event, never downgrades, except on a subscription that has ended: it grants the
   * free plan whatever its price, so recording it ends the paid plan.
   */
  Plan planOf(SubscriptionSnapshot snapshot) {
    Optional<Plan> sold = catalog.byProviderPrice(snapshot.priceId(), snapshot.productId());
    if (sold.isEmpty() && snapshot.status().isTerminal()) {
      return catalog.free();
    }
    return sold.orElseThrow(
        () ->
            new EventProcessingException(
                "unknown price "
                    + snapshot.priceId()
                    + " on subscription "
                    + snapshot.subscriptionId()
                    + ": no plan is sold at that price (check the configured prices)"));
  }
}

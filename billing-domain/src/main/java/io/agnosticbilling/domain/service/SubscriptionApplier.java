package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionTransition;
import io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies subscription snapshots to organizations through {@link SubscriptionTransition}: the one
 * path shared by webhooks, checkout confirmation, plan changes and reconciliation.
 */
final class SubscriptionApplier {
  private final Organizations organizations;
  private final OrganizationUpdater updater;
  private final PaymentProvider provider;
  private final PlanCatalog catalog;

  SubscriptionApplier(
      Organizations organizations,
      OrganizationUpdater updater,
      PaymentProvider provider,
      PlanCatalog catalog) {
    this.organizations = organizations;
    this.updater = updater;
    this.provider = provider;
    this.catalog = catalog;
  }

  /** The result of applying one snapshot. */
  record Applied(WebhookStatus status, Optional<OrganizationId> organizationId, String detail) {}

  /**
   * The organization a snapshot belongs to: its metadata, else whoever holds the subscription id,
   * else whoever holds the customer id.
   */
  Optional<Organization> resolve(SubscriptionSnapshot snapshot) {
    if (snapshot.organizationId().isPresent()) {
      return organizations.find(snapshot.organizationId().get());
    }
    return organizations
        .findBySubscriptionId(snapshot.subscriptionId())
        .or(() -> organizations.findByCustomerId(snapshot.customerId()));
  }

  /** Applies a snapshot delivered by an event created at {@code observedAt} (epoch seconds). */
  Applied applyEvent(SubscriptionSnapshot snapshot, long observedAt) {
    Optional<Organization> owner = resolve(snapshot);
    if (owner.isEmpty()) {
      return new Applied(
          WebhookStatus.IGNORED,
          Optional.empty(),
          "no organization for subscription " + snapshot.subscriptionId());
    }
    return apply(owner.get().id(), snapshot, observedAt);
  }

  /**
   * Applies what the provider said (a listing, the answer to a change). It is stamped with the
   * newest event second already applied, so every event created after it still applies; where it
   * differs from the stored state, the tie is settled by a fresh fetch, so a listing or an answer
   * read before a newer event was applied can never undo that event.
   */
  Applied applyProviderState(OrganizationId organizationId, SubscriptionSnapshot reported) {
    Organization organization = updater.require(organizationId);
    long stamp =
        organization
            .subscription(reported.subscriptionId())
            .map(Subscription::lastEventCreated)
            .orElse(0L);
    return apply(organizationId, reported, stamp);
  }

  private Applied apply(
      OrganizationId organizationId, SubscriptionSnapshot incoming, long observedAt) {
    Plan plan = planOf(incoming);
    // The fetch for a same-second tie happens at most once, however often the save is retried.
    List<SubscriptionSnapshot> fetched = new ArrayList<>(1);
    Applied result =
        updater.update(
            organizationId,
            org -> {
              Optional<Subscription> stored = org.subscription(incoming.subscriptionId());
              Decision decision = SubscriptionTransition.decide(stored, incoming, observedAt);
              return switch (decision) {
                case APPLY ->
                    OrganizationUpdater.Change.save(
                        org.withSubscription(Subscription.from(incoming, plan.id(), observedAt)),
                        applied(org, "applied " + incoming.status().wireName()));
                case STALE ->
                    OrganizationUpdater.Change.none(
                        new Applied(
                            WebhookStatus.STALE,
                            Optional.of(org.id()),
                            "older than the state already applied"));
                case UNCHANGED -> OrganizationUpdater.Change.none(applied(org, "no change"));
                case RESOLVE_BY_FETCH -> {
                  if (fetched.isEmpty()) {
                    fetched.add(fetch(incoming.subscriptionId()));
                  }
                  SubscriptionSnapshot truth = fetched.get(0);
                  if (stored.get().status().isTerminal() && !truth.status().isTerminal()) {
                    yield OrganizationUpdater.Change.none(
                        new Applied(
                            WebhookStatus.STALE,
                            Optional.of(org.id()),
                            "subscription already ended"));
                  }
                  yield OrganizationUpdater.Change.save(
                      org.withSubscription(
                          Subscription.from(truth, planOf(truth).id(), observedAt)),
                      applied(org, "same-second tie resolved from the provider"));
                }
              };
            });
    return result;
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

  /** The plan sold by the snapshot's price; an unknown price fails the event, never downgrades. */
  Plan planOf(SubscriptionSnapshot snapshot) {
    return catalog
        .byProviderPriceId(snapshot.priceId())
        .orElseThrow(
            () ->
                new EventProcessingException(
                    "unknown price "
                        + snapshot.priceId()
                        + " on subscription "
                        + snapshot.subscriptionId()
                        + ": no plan is sold at that price (check the configured prices)"));
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.util.Optional;

/**
 * The one rule for finding the organization a provider object belongs to: the organization id it
 * carries (subscription metadata, Checkout {@code client_reference_id}), else whoever holds its
 * subscription id, else whoever holds its customer id. Each lookup stops at the first hit, and the
 * organization it returns is handed on to the updater, so an event reads its organization once.
 */
final class OwnerResolution {
  private final Organizations organizations;

  OwnerResolution(Organizations organizations) {
    this.organizations = organizations;
  }

  Optional<Organization> of(SubscriptionSnapshot snapshot) {
    return find(
        snapshot.organizationId(),
        Optional.of(snapshot.subscriptionId()),
        Optional.of(snapshot.customerId()));
  }

  Optional<Organization> of(InvoiceInfo invoice) {
    return find(
        invoice.organizationId(), invoice.subscriptionId(), Optional.of(invoice.customerId()));
  }

  Optional<Organization> of(CheckoutSessionInfo session) {
    return find(session.organizationId(), session.subscriptionId(), session.customerId());
  }

  /** The owner of a subscription known only by its id and customer (a schedule's event). */
  Optional<Organization> ofSubscription(String subscriptionId, String customerId) {
    return find(Optional.empty(), Optional.of(subscriptionId), Optional.of(customerId));
  }

  private Optional<Organization> find(
      Optional<OrganizationId> organizationId,
      Optional<String> subscriptionId,
      Optional<String> customerId) {
    return organizationId
        .flatMap(organizations::find)
        .or(() -> subscriptionId.flatMap(organizations::findBySubscriptionId))
        .or(() -> customerId.flatMap(organizations::findByCustomerId));
  }
}

package io.agnosticbilling.testkit.notification;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import java.util.Optional;

/** A library user's own store written before notifications existed: only the original methods. */
record NoOutboxOrganizations(Organizations delegate) implements Organizations {
  @Override
  public Organization insert(Organization organization) {
    return delegate.insert(organization);
  }

  @Override
  public Optional<Organization> find(OrganizationId id) {
    return delegate.find(id);
  }

  @Override
  public Optional<Organization> findByCustomerId(String customerId) {
    return delegate.findByCustomerId(customerId);
  }

  @Override
  public Optional<Organization> findBySubscriptionId(String subscriptionId) {
    return delegate.findBySubscriptionId(subscriptionId);
  }

  @Override
  public Organization save(Organization organization) {
    return delegate.save(organization);
  }

  @Override
  public void delete(OrganizationId id) {
    delegate.delete(id);
  }
}

package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test decorator: an {@link Organizations} port that counts the reads ({@code find}, {@code
 * findByCustomerId}, {@code findBySubscriptionId}) and saves passing through to another one, so a
 * test can prove how often a path loads an organization.
 */
public final class CountingOrganizations implements Organizations {
  private final Organizations delegate;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger saves = new AtomicInteger();

  public CountingOrganizations(Organizations delegate) {
    this.delegate = delegate;
  }

  /** Lookups of one organization since the last {@link #reset()}. */
  public int reads() {
    return reads.get();
  }

  /** Saves since the last {@link #reset()}. */
  public int saves() {
    return saves.get();
  }

  public void reset() {
    reads.set(0);
    saves.set(0);
  }

  @Override
  public Organization insert(Organization organization) {
    return delegate.insert(organization);
  }

  @Override
  public Optional<Organization> find(OrganizationId id) {
    reads.incrementAndGet();
    return delegate.find(id);
  }

  @Override
  public Optional<Organization> findByCustomerId(String customerId) {
    reads.incrementAndGet();
    return delegate.findByCustomerId(customerId);
  }

  @Override
  public Optional<Organization> findBySubscriptionId(String subscriptionId) {
    reads.incrementAndGet();
    return delegate.findBySubscriptionId(subscriptionId);
  }

  @Override
  public Organization save(Organization organization) {
    saves.incrementAndGet();
    return delegate.save(organization);
  }

  @Override
  public Organization save(Organization organization, List<Notification> notifications) {
    saves.incrementAndGet();
    return delegate.save(organization, notifications);
  }

  @Override
  public void delete(OrganizationId id) {
    delegate.delete(id);
  }
}

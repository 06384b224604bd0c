package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter: organizations in a map, saved with compare-and-set on their version; a save's
 * notifications go to {@link #outbox()} only when the save succeeds.
 */
public final class InMemoryOrganizations implements Organizations {
  private final ConcurrentHashMap<OrganizationId, Organization> byId = new ConcurrentHashMap<>();
  private final InMemoryNotificationOutbox outbox;

  /** Organizations with an outbox of their own. */
  public InMemoryOrganizations() {
    this(new InMemoryNotificationOutbox());
  }

  /** Organizations whose saves enqueue their notifications into {@code outbox}. */
  public InMemoryOrganizations(InMemoryNotificationOutbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "'outbox' must not be null");
  }

  public InMemoryNotificationOutbox outbox() {
    return outbox;
  }

  @Override
  public Organization insert(Organization organization) {
    Objects.requireNonNull(organization, "'organization' must not be null");
    if (organization.version() != 0) {
      throw new IllegalArgumentException(
          "only a new organization (version 0) can be inserted, got version "
              + organization.version());
    }
    Organization stored = organization.withVersion(1);
    if (byId.putIfAbsent(organization.id(), stored) != null) {
      throw new ConcurrentUpdateException(
          "organization '" + organization.id() + "' exists already");
    }
    return stored;
  }

  @Override
  public Optional<Organization> find(OrganizationId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Organization> findByCustomerId(String customerId) {
    return byId.values().stream()
        .filter(o -> o.customerId().filter(customerId::equals).isPresent())
        .findFirst();
  }

  @Override
  public Optional<Organization> findBySubscriptionId(String subscriptionId) {
    return byId.values().stream()
        .filter(o -> o.subscription(subscriptionId).isPresent())
        .findFirst();
  }

  @Override
  public Organization save(Organization organization) {
    Objects.requireNonNull(organization, "'organization' must not be null");
    Organization next = organization.withVersion(organization.version() + 1);
    // compute() runs atomically per key: the version check and the write are one step.
    Organization[] saved = new Organization[1];
    byId.computeIfPresent(
        organization.id(),
        (id, current) -> {
          if (current.version() != organization.version()) {
            return current;
          }
          saved[0] = next;
          return next;
        });
    if (saved[0] == null) {
      throw new ConcurrentUpdateException(
          "organization '"
              + organization.id()
              + "' is no longer at version "
              + organization.version());
    }
    return saved[0];
  }

  @Override
  public Organization save(Organization organization, List<Notification> notifications) {
    // The outbox lock held across the save: a reader of the outbox never sees the notifications
    // before the change, and a refused save enqueues nothing.
    synchronized (outbox) {
      Organization saved = save(organization);
      outbox.enqueue(notifications);
      return saved;
    }
  }

  @Override
  public void delete(OrganizationId id) {
    byId.remove(id);
  }

  /** Every stored organization, for the in-memory reports. */
  List<Organization> all() {
    return List.copyOf(byId.values());
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-modify-write of one organization with compare-and-set, retried on conflict, so concurrent
 * instances never lose an update.
 */
final class OrganizationUpdater {
  private final Organizations organizations;
  private final int attempts;
  private final boolean notifying;

  /**
   * @param notifying whether the notifications a change carries are saved with it (the store keeps
   *     an outbox); without, they are dropped and the plain save is used
   */
  OrganizationUpdater(Organizations organizations, int attempts, boolean notifying) {
    this.organizations = organizations;
    this.attempts = attempts;
    this.notifying = notifying;
  }

  /** Whether changes' notifications reach the outbox. */
  boolean notifying() {
    return notifying;
  }

  Organization require(OrganizationId id) {
    return organizations
        .find(id)
        .orElseThrow(
            () -> new NotFoundException("organization_not_found", "Unknown organization."));
  }

  /**
   * Applies {@code change} to the latest stored state until a save succeeds. The change returns no
   * state to save when nothing needs saving; the result is then the value it computed.
   */
  <R> R update(OrganizationId id, Function<Organization, Change<R>> change) {
    return update(require(id), change);
  }

  /**
   * Like {@link #update(OrganizationId, Function)}, starting from {@code loaded} (read by the
   * caller, so the first attempt costs no read); only a conflicting save reads the store again.
   */
  <R> R update(Organization loaded, Function<Organization, Change<R>> change) {
    return run(loaded, change).value();
  }

  /**
   * Applies {@code change} starting from {@code loaded} and returns the organization as stored
   * afterwards (saved, or {@code loaded} unchanged), so a caller can go on without reading it.
   */
  Organization updateState(
      Organization loaded, Function<Organization, Optional<Organization>> change) {
    return run(
            loaded,
            org -> change.apply(org).map(next -> Change.save(next, next)).orElse(Change.none(org)))
        .state();
  }

  private <R> Outcome<R> run(Organization loaded, Function<Organization, Change<R>> change) {
    ConcurrentUpdateException last = null;
    Organization current = loaded;
    for (int i = 0; i < attempts; i++) {
      if (i > 0) {
        current = require(loaded.id());
      }
      Change<R> result = change.apply(current);
      if (result.updated().isEmpty()) {
        return new Outcome<>(current, result.value());
      }
      try {
        Organization saved =
            notifying && !result.notifications().isEmpty()
                ? organizations.save(result.updated().get(), result.notifications())
                : organizations.save(result.updated().get());
        return new Outcome<>(saved, result.value());
      } catch (ConcurrentUpdateException e) {
        last = e;
        Thread.onSpinWait();
      }
    }
    throw new ConcurrentUpdateException(
        "Organization "
            + loaded.id()
            + " kept changing: gave up after "
            + attempts
            + " attempts"
            + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  /** The stored state after an update and the value the change computed. */
  private record Outcome<R>(Organization state, R value) {}

  /**
   * What a change produced: the state to save (if any), a value for the caller, and the
   * notifications to write to the outbox with the save (none without a save).
   */
  record Change<R>(Optional<Organization> updated, R value, List<Notification> notifications) {
    Change {
      Objects.requireNonNull(updated, "'updated' must not be null");
      Objects.requireNonNull(value, "'value' must not be null");
      notifications = List.copyOf(notifications);
      if (updated.isEmpty() && !notifications.isEmpty()) {
        throw new IllegalArgumentException("notifications travel with a save");
      }
    }

    static <R> Change<R> save(Organization organization, R value) {
      return new Change<>(Optional.of(organization), value, List.of());
    }

    static <R> Change<R> save(
        Organization organization, R value, List<Notification> notifications) {
      return new Change<>(Optional.of(organization), value, notifications);
    }

    static <R> Change<R> none(R value) {
      return new Change<>(Optional.empty(), value, List.of());
    }

    /**
     * This change carrying {@code more} notifications too; a change that saves nothing becomes a
     * save of {@code current} as it is, so the notifications still go with a write.
     */
    Change<R> notifying(Organization current, List<Notification> more) {
      if (more.isEmpty()) {
        return this;
      }
      List<Notification> all = new ArrayList<>(notifications);
      all.addAll(more);
      return new Change<>(Optional.of(updated.orElse(current)), value, all);
    }
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.Organizations;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-modify-write of one organization with compare-and-set, retried on conflict, so concurrent
 * instances never lose an update.
 */
final class OrganizationUpdater {
  private final Organizations organizations;
  private final int attempts;

  OrganizationUpdater(Organizations organizations, int attempts) {
    this.organizations = organizations;
    this.attempts = attempts;
  }

  Organization require(OrganizationId id) {
    return organizations
        .find(id)
        .orElseThrow(
            () -> new NotFoundException("organization_not_found", "Unknown organization."));
  }

  /**
   * Applies {@code change} to the latest stored state until a save succeeds. The change returns
   * empty when nothing needs saving; the result is then the state it looked at.
   */
  <R> R update(OrganizationId id, Function<Organization, Change<R>> change) {
    ConcurrentUpdateException last = null;
    for (int i = 0; i < attempts; i++) {
      Organization current = require(id);
      Change<R> result = change.apply(current);
      if (result.updated().isEmpty()) {
        return result.value();
      }
      try {
        organizations.save(result.updated().get());
        return result.value();
      } catch (ConcurrentUpdateException e) {
        last = e;
        Thread.onSpinWait();
      }
    }
    throw new ConcurrentUpdateException(
        "Organization "
            + id
            + " kept changing: gave up after "
            + attempts
            + " attempts"
            + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  /** What a change produced: the state to save (if any) and a value for the caller. */
  record Change<R>(Optional<Organization> updated, R value) {
    static <R> Change<R> save(Organization organization, R value) {
      return new Change<>(Optional.of(organization), value);
    }

    static <R> Change<R> none(R value) {
      return new Change<>(Optional.empty(), value);
    }
  }
}

package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outbound port: storage of organizations, saved with compare-and-set on their version. */
public interface Organizations {

  /**
   * Stores a new organization (version 0) and returns it at version 1.
   *
   * @throws ConcurrentUpdateException when the id exists already
   */
  Organization insert(Organization organization);

  Optional<Organization> find(OrganizationId id);

  /** The organization linked to this provider customer id. */
  Optional<Organization> findByCustomerId(String customerId);

  /** The organization holding this provider subscription id. */
  Optional<Organization> findBySubscriptionId(String subscriptionId);

  /**
   * Saves {@code organization} only if the stored version still equals {@code
   * organization.version()}; returns it at {@code version + 1}.
   *
   * @throws ConcurrentUpdateException when the stored version differs (or the document is gone)
   */
  Organization save(Organization organization);

  /** Removes an organization; used to undo a sign-up that could not finish. */
  void delete(OrganizationId id);

  /** Counts for operator metrics, computed by the store. */
  SubscriptionStats subscriptionStats(StatsWindow window);

  /** Organizations with a subscription (for reconciliation of what the provider no longer has). */
  List<Organization> withSubscriptions();

  /**
   * The instants the statistics are taken at: {@code now}, the start of today (UTC), the start of
   * the churn window, and the grace cut-off (a past_due subscription whose period started after it
   * is still within its grace window).
   */
  record StatsWindow(
      Instant now, Instant dayStart, Instant churnWindowStart, Instant graceCutoff) {}
}

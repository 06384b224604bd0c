package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
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

  /**
   * Like {@link #save(Organization)}, and in the same atomic write adds {@code notifications} to
   * the store's {@link NotificationOutbox} (each unless its id is there already): both are kept or
   * neither. The domain calls it only when notifications are turned on ({@code
   * Billing.Builder#notifications}); a store without an outbox keeps this default, which refuses
   * notifications.
   *
   * @throws ConcurrentUpdateException when the stored version differs; nothing is enqueued then
   */
  default Organization save(Organization organization, List<Notification> notifications) {
    if (!notifications.isEmpty()) {
      throw new UnsupportedOperationException(
          getClass().getSimpleName() + " keeps no notification outbox");
    }
    return save(organization);
  }

  /** Removes an organization; used to undo a sign-up that could not finish. */
  void delete(OrganizationId id);
}

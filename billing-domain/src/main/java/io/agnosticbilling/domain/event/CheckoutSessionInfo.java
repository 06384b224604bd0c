package io.agnosticbilling.domain.event;

import io.agnosticbilling.domain.organization.OrganizationId;
import java.util.Objects;
import java.util.Optional;

/**
 * Value object: a provider Checkout session as fetched or delivered. {@code organizationId} comes
 * from {@code client_reference_id} (or the session's metadata).
 */
public record CheckoutSessionInfo(
    String sessionId,
    Optional<OrganizationId> organizationId,
    Optional<String> customerId,
    Optional<String> subscriptionId,
    boolean complete) {
  public CheckoutSessionInfo {
    Objects.requireNonNull(sessionId, "'sessionId' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(customerId, "'customerId' must not be null");
    Objects.requireNonNull(subscriptionId, "'subscriptionId' must not be null");
  }
}

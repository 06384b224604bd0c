package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/**
 * Use case: on return from Checkout, fetch the session and its subscription and apply them through
 * the same idempotent path as the webhook, so whichever arrives first wins.
 */
public interface ConfirmCheckout {

  BillingOverview confirmCheckout(OrganizationId organizationId, String sessionId);
}

package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/** Use case: open the provider's Customer Portal; returns its URL. */
public interface OpenCustomerPortal {

  String openPortal(OrganizationId organizationId);
}

package io.agnosticbilling.domain.port.in;

import io.agnosticbilling.domain.organization.OrganizationId;

/**
 * Use case: what the organization may use now: its effective plan, the features it grants, limits
 * and usage, so a host app asks "may this organization use X" without knowing billing rules.
 */
public interface GetEntitlements {

  OrganizationEntitlements entitlements(OrganizationId organizationId);
}

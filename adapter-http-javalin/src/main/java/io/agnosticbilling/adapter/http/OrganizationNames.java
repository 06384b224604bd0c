package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.organization.OrganizationId;
import java.util.Optional;

/**
 * Inbound collaborator: the display name of an organization, for the login answer. {@code LogIn}
 * returns only the member, so bootstrap supplies this (typically {@code id ->
 * organizations.find(id).map(Organization::name)}) until the use case returns the organization.
 */
@FunctionalInterface
public interface OrganizationNames {

  Optional<String> nameOf(OrganizationId id);
}

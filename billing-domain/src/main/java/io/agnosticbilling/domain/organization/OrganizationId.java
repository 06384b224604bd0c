package io.agnosticbilling.domain.organization;

import java.util.Objects;
import java.util.UUID;

/** Value object: an organization's identifier, also sent to the payment provider as metadata. */
public record OrganizationId(String value) {
  public OrganizationId {
    Objects.requireNonNull(value, "'organizationId' must not be null");
    if (!Identifiers.wellFormed(value)) {
      throw new IllegalArgumentException(
          "'organizationId' must be 1-64 letters, digits, '-' or '_'");
    }
  }

  public static OrganizationId of(String value) {
    return new OrganizationId(value);
  }

  public static OrganizationId random() {
    return new OrganizationId("org_" + UUID.randomUUID().toString().replace("-", ""));
  }

  @Override
  public String toString() {
    return value;
  }
}

package io.agnosticbilling.domain.organization;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** Value object: an organization's identifier, also sent to the payment provider as metadata. */
public record OrganizationId(String value) {
  // Compiled once: every store read and every event builds these (String.matches compiles per
  // call).
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public OrganizationId {
    Objects.requireNonNull(value, "'organizationId' must not be null");
    if (!SHAPE.matcher(value).matches()) {
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

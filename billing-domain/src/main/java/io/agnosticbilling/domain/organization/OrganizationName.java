package io.agnosticbilling.domain.organization;

import io.agnosticbilling.domain.error.InvalidInputException;

/**
 * Value object: an organization's display name as typed at sign-up: trimmed, 1 to {@link
 * #MAX_CHARACTERS} characters (code points, so an emoji counts once), no hidden characters.
 */
public record OrganizationName(String value) {
  public static final int MAX_CHARACTERS = 200;

  public OrganizationName {
    if (value == null) {
      throw new InvalidInputException("organizationName", "'organizationName' is required");
    }
    // strip() removes only whitespace: a NUL at either end is refused, not silently dropped.
    value = value.strip();
    if (VisibleText.hasHidden(value, true)) {
      throw new InvalidInputException(
          "organizationName",
          "'organizationName' must not contain control, bidirectional or invisible characters");
    }
    int characters = value.codePointCount(0, value.length());
    if (characters < 1 || characters > MAX_CHARACTERS) {
      throw new InvalidInputException(
          "organizationName", "'organizationName' must be 1 to " + MAX_CHARACTERS + " characters");
    }
  }

  public static OrganizationName of(String value) {
    return new OrganizationName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}

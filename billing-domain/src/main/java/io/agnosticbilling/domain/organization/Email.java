package io.agnosticbilling.domain.organization;

import io.agnosticbilling.domain.error.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Value object: a normalized (trimmed, lower-case) email address of a member. */
public record Email(String value) {
  private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

  public Email {
    if (value == null) {
      throw new InvalidInputException("email", "'email' is required");
    }
    // strip() removes only whitespace: a NUL at either end is refused, not silently dropped.
    value = value.strip().toLowerCase(Locale.ROOT);
    if (VisibleText.hasHidden(value, false)
        || value.codePoints().anyMatch(Character::isSpaceChar)) {
      throw new InvalidInputException(
          "email", "'email' must not contain control, bidirectional or invisible characters");
    }
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new InvalidInputException("email", "'email' is not a valid email address");
    }
  }

  public static Email of(String value) {
    return new Email(value);
  }

  @Override
  public String toString() {
    return value;
  }
}

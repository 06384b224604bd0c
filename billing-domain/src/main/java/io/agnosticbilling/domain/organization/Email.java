package io.agnosticbilling.domain.organization;

import io.agnosticbilling.domain.error.InvalidInputException;
import java.util.Locale;

/** Value object: a normalized (trimmed, lower-case) email address of a member. */
public record Email(String value) {
  static final int MAX_LOCAL_CODE_POINTS = 64;

  public Email {
    if (value == null) {
      throw new InvalidInputException("email", "'email' is required");
    }
    // strip() removes only whitespace: a NUL at either end is refused, not silently dropped.
    value = value.strip().toLowerCase(Locale.ROOT);
    if (!printableAscii(value)
        && (VisibleText.hasHidden(value, false)
            || value.codePoints().anyMatch(Character::isSpaceChar))) {
      throw new InvalidInputException(
          "email", "'email' must not contain control, bidirectional or invisible characters");
    }
    if (value.length() > 254 || !wellFormed(value)) {
      throw new InvalidInputException("email", "'email' is not a valid email address");
    }
  }

  /**
   * True when every character is printable ASCII ({@code !} to {@code ~}): such text holds no
   * hidden and no space character, so the code-point checks above can be skipped (every store read
   * of a member builds an email).
   */
  private static boolean printableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '!' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /**
   * The language of {@code ^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$} (counted in code points, as the
   * regex engine does; {@code \s} is ASCII whitespace), checked by hand: exactly one {@code @}
   * after 1 to 64 code points, no whitespace, and a {@code .} in the domain with at least one code
   * point before it and two after it. {@code ValueShapesTest} compares it with the regex.
   */
  static boolean wellFormed(String value) {
    int at = value.indexOf('@');
    if (at < 0 || value.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        return false;
      }
    }
    int local = value.codePointCount(0, at);
    if (local < 1 || local > MAX_LOCAL_CODE_POINTS) {
      return false;
    }
    // The first dot with a character of the domain before it leaves the most after it.
    int dot = value.indexOf('.', at + 2);
    return dot >= 0 && value.codePointCount(dot + 1, value.length()) >= 2;
  }

  public static Email of(String value) {
    return new Email(value);
  }

  @Override
  public String toString() {
    return value;
  }
}

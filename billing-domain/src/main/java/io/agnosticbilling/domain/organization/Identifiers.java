package io.agnosticbilling.domain.organization;

/**
 * The shape of the generated identifiers ({@link OrganizationId}, {@link MemberId}): 1 to 64
 * letters, digits, {@code -} or {@code _} (ASCII), the language of {@code [A-Za-z0-9_-]{1,64}},
 * checked by hand because every store read builds these and the regex engine was a visible part of
 * a usage record's CPU ({@code ValueShapesTest} proves the two accept the same strings).
 */
final class Identifiers {
  static final int MAX_LENGTH = 64;

  private Identifiers() {}

  static boolean wellFormed(String value) {
    int length = value.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}

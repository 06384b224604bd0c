package io.agnosticbilling.domain.organization;

/**
 * Rules for text people type and other people read (names, emails): no character that is invisible
 * or changes how the rest is displayed, so two values that look alike are alike.
 */
final class VisibleText {
  private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
  private static final int ZERO_WIDTH_JOINER = 0x200D;

  private VisibleText() {}

  /**
   * True when {@code text} holds a control character (NUL included), a line or paragraph separator,
   * a lone surrogate, or a format character (bidi overrides and isolates, zero-width space, word
   * joiner, byte-order mark). When {@code joinersBetweenNonLatin} is set, the two zero-width
   * joiners are allowed between characters of scripts that need them (Persian, Indic, emoji
   * sequences), never next to a Latin or ASCII character where they only disguise.
   */
  static boolean hasHidden(String text, boolean joinersBetweenNonLatin) {
    int[] points = text.codePoints().toArray();
    for (int i = 0; i < points.length; i++) {
      int c = points[i];
      int type = Character.getType(c);
      if (type == Character.CONTROL
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE) {
        return true;
      }
      if (type == Character.FORMAT) {
        boolean joiner = c == ZERO_WIDTH_JOINER || c == ZERO_WIDTH_NON_JOINER;
        if (!(joiner
            && joinersBetweenNonLatin
            && i > 0
            && i < points.length - 1
            && needsJoiners(points[i - 1])
            && needsJoiners(points[i + 1]))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean needsJoiners(int c) {
    return c > 0x7F
        && Character.getType(c) != Character.FORMAT
        && Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN;
  }
}

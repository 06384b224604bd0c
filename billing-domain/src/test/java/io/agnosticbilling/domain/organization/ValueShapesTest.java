package io.agnosticbilling.domain.organization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hand-written shape checks of the identifiers and of emails accept exactly the language of the
 * regular expressions they replaced, on edge cases and on many generated strings over an alphabet
 * chosen to hit every branch (ASCII whitespace, other line terminators, {@code @} and {@code .},
 * surrogate pairs and lone surrogates, non-ASCII letters, lengths around the bounds).
 */
class ValueShapesTest {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

  private static final String[] PIECES = {
    "a",
    "Z",
    "q",
    "0",
    "9",
    "-",
    "_",
    "@",
    ".",
    ".",
    "@",
    " ",
    "\t",
    "\n",
    "\u000B",
    "\f",
    "\r",
    "\u0085",
    "\u2028",
    "\u00A0",
    "é",
    "ß",
    "\uD83D\uDE00",
    "\uD83D",
    "\uDE00",
    "\u0000",
    "/",
    "~",
    "+",
    "\u200B",
    "xx",
    "abc",
    "example.com",
    "a.b",
    "..",
    "@@"
  };

  @Test
  @DisplayName("identifiers: the hand-written check equals [A-Za-z0-9_-]{1,64} everywhere")
  void identifiersMatchThePattern() {
    List<String> inputs = inputs();
    // Collected, not asserted one by one: 200,000 assertion objects made the test slow.
    List<String> differing =
        inputs.stream()
            .filter(input -> Identifiers.wellFormed(input) != IDENTIFIER.matcher(input).matches())
            .map(ValueShapesTest::visible)
            .toList();
    assertThat(differing).isEmpty();
    assertThat(inputs.stream().filter(Identifiers::wellFormed).count())
        .as("the inputs hold accepted identifiers too")
        .isGreaterThan(1_000);
    assertThat(Identifiers.wellFormed("a".repeat(64))).isTrue();
    assertThat(Identifiers.wellFormed("a".repeat(65))).isFalse();
    assertThat(Identifiers.wellFormed("")).isFalse();
  }

  @Test
  @DisplayName("emails: the hand-written check equals the former regex everywhere")
  void emailsMatchThePattern() {
    List<String> inputs = inputs();
    List<String> differing =
        inputs.stream()
            .filter(input -> Email.wellFormed(input) != EMAIL.matcher(input).matches())
            .map(ValueShapesTest::visible)
            .toList();
    assertThat(differing).isEmpty();
    assertThat(inputs.stream().filter(Email::wellFormed).count())
        .as("the inputs hold accepted emails too")
        .isGreaterThan(1_000);
  }

  @Test
  @DisplayName("emails: the edges of each part are where the regex puts them")
  void emailEdges() {
    String[] accepted = {
      "a@b.cd",
      "a".repeat(64) + "@b.cd",
      "\uD83D\uDE00".repeat(64) + "@b.cd",
      "a@\uD83D\uDE00.cd",
      "a@b.\uD83D\uDE00\uD83D\uDE00",
      "a@b..cd",
      "a@.b.cd",
      "a@b.c.d"
    };
    String[] refused = {
      "a".repeat(65) + "@b.cd",
      "\uD83D\uDE00".repeat(65) + "@b.cd",
      "@b.cd",
      "a@.cd",
      "a@b.c",
      "a@b.\uD83D\uDE00",
      "a@bcd",
      "a@b@c.de",
      "a b@c.de",
      "a@b.cd\n",
      "a@b.c\td",
      ""
    };
    for (String input : accepted) {
      assertThat(EMAIL.matcher(input).matches()).as("regex %s", visible(input)).isTrue();
      assertThat(Email.wellFormed(input)).as("check %s", visible(input)).isTrue();
    }
    for (String input : refused) {
      assertThat(EMAIL.matcher(input).matches()).as("regex %s", visible(input)).isFalse();
      assertThat(Email.wellFormed(input)).as("check %s", visible(input)).isFalse();
    }
  }

  @Test
  @DisplayName("Email still refuses hidden characters and still normalizes")
  void emailConstruction() {
    assertThat(Email.of("  Ann@Example.COM ").value()).isEqualTo("ann@example.com");
    for (String hidden : new String[] {"a\u200B@b.cd", "a\u00A0b@c.de", "a@b.c\u0000d"}) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Email.of(hidden)))
          .as(visible(hidden))
          .hasMessageContaining("control, bidirectional or invisible");
    }
  }

  /**
   * Edge cases plus 200,000 random concatenations of the pieces (half of them shaped like an
   * address), with long runs around the 64 bound.
   */
  private static List<String> inputs() {
    List<String> inputs = new ArrayList<>(List.of("", "a", "@", ".", "a@b.cd", "a".repeat(64)));
    Random random = new Random(20261202);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder text = new StringBuilder();
      if (random.nextBoolean()) {
        append(text, random, random.nextInt(8));
      } else {
        // Shaped like an address, so the edges of each part are hit often.
        append(text, random, 1 + random.nextInt(3));
        text.append('@');
        append(text, random, random.nextInt(3));
        text.append('.');
        append(text, random, random.nextInt(3));
      }
      // Long runs around the 64 bound of the local part and of identifiers.
      if (random.nextInt(4) == 0) {
        int run = 60 + random.nextInt(8);
        String unit = random.nextBoolean() ? "a" : "\uD83D\uDE00";
        text.insert(random.nextInt(text.length() + 1), unit.repeat(run));
      }
      inputs.add(text.toString());
    }
    return inputs;
  }

  private static void append(StringBuilder text, Random random, int pieces) {
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
  }

  private static String visible(String text) {
    StringBuilder out = new StringBuilder();
    text.chars()
        .forEach(c -> out.append(c < 0x21 || c > 0x7E ? String.format("\\u%04X", c) : (char) c));
    return out.toString();
  }
}

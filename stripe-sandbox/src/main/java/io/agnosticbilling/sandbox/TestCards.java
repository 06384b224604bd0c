package io.agnosticbilling.sandbox;

import java.util.Optional;

/**
 * Stripe's documented test card numbers and what each does: succeed, decline at once, or attach and
 * fail at the next charge. Any other number that passes the Luhn check succeeds.
 */
final class TestCards {
  static final String DECLINED_MESSAGE = "Your card was declined.";

  private TestCards() {}

  /** The outcome of attaching {@code number}: a card, or a decline in Stripe's words. */
  sealed interface Outcome permits Attached, Declined {}

  record Attached(Card card) implements Outcome {}

  record Declined(String declineCode, String message) implements Outcome {}

  static Outcome attach(String rawNumber) {
    String number = rawNumber == null ? "" : rawNumber.replaceAll("[\\s-]", "");
    if (!number.matches("\\d{12,19}") || !luhn(number)) {
      return new Declined("invalid_number", "Your card number is invalid.");
    }
    return switch (number) {
      case "4000000000000002" -> new Declined("generic_decline", DECLINED_MESSAGE);
      case "4000000000009995" ->
          new Declined("insufficient_funds", "Your card has insufficient funds.");
      case "4000000000000069" -> new Declined("expired_card", "Your card has expired.");
      default -> new Attached(card(number, "4000000000000341".equals(number)));
    };
  }

  static Optional<String> declineMessage(String rawNumber) {
    return attach(rawNumber) instanceof Declined d ? Optional.of(d.message()) : Optional.empty();
  }

  private static Card card(String number, boolean failsCharges) {
    String brand =
        number.startsWith("4")
            ? "visa"
            : number.startsWith("5") || number.startsWith("2")
                ? "mastercard"
                : number.startsWith("3") ? "amex" : "unknown";
    return new Card(Ids.next("pm"), brand, number.substring(number.length() - 4), failsCharges);
  }

  private static boolean luhn(String number) {
    int sum = 0;
    boolean doubled = false;
    for (int i = number.length() - 1; i >= 0; i--) {
      int digit = number.charAt(i) - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }
}

package io.agnosticbilling.sandbox;

import java.security.SecureRandom;

/** Stripe-looking object ids: a prefix and random base-62 characters. */
final class Ids {
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String next(String prefix) {
    return prefix + "_" + random(prefix.startsWith("cs_") ? 58 : 24);
  }

  static String random(int length) {
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}

package io.agnosticbilling.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stripe's metadata rules: at most 50 keys, keys up to 40 and values up to 500 characters. */
final class Metadata {
  private Metadata() {}

  static Map<String, String> of(Params params) {
    return of(params, "metadata");
  }

  static Map<String, String> of(Params params, String key) {
    Map<String, String> metadata = new LinkedHashMap<>();
    params
        .hash(key)
        .forEach(
            (name, value) -> {
              if (name.length() > 40) {
                throw StripeError.invalid(
                    key + "[" + name + "]", "Metadata keys can be at most 40 characters long.");
              }
              if (value.length() > 500) {
                throw StripeError.invalid(
                    key + "[" + name + "]", "Metadata values can be at most 500 characters long.");
              }
              // An empty value unsets the key, as at Stripe.
              if (!value.isEmpty()) {
                metadata.put(name, value);
              }
            });
    if (metadata.size() > 50) {
      throw StripeError.invalid(key, "Metadata can have at most 50 keys.");
    }
    return metadata;
  }
}

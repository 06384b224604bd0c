package io.agnosticbilling.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stripe's form encoding read back: flat keys such as {@code line_items[0][price]} kept as sent,
 * with typed accessors that refuse bad values in Stripe's error shape.
 */
final class Params {
  private final Map<String, String> flat;

  private Params(Map<String, String> flat) {
    this.flat = flat;
  }

  static Params empty() {
    return new Params(new LinkedHashMap<>());
  }

  /** Parses {@code a=1&b[c]=2}; later parts (the body after the query) win on a repeated key. */
  static Params parse(String... encodedParts) {
    Map<String, String> flat = new LinkedHashMap<>();
    for (String encoded : encodedParts) {
      if (encoded == null || encoded.isEmpty()) {
        continue;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        // "expand[]" and "expand[0]" both name list entries; number the bare ones.
        if (key.endsWith("[]")) {
          String base = key.substring(0, key.length() - 2);
          key = base + "[" + countWithPrefix(flat, base + "[") + "]";
        }
        flat.put(key, value);
      }
    }
    return new Params(flat);
  }

  private static int countWithPrefix(Map<String, String> flat, String prefix) {
    return (int) flat.keySet().stream().filter(k -> k.startsWith(prefix)).count();
  }

  /** The parameters in a canonical order, for comparing two requests under one idempotency key. */
  String fingerprint() {
    return new TreeMap<>(flat).toString();
  }

  /** Refuses any top-level parameter not in {@code allowed} (Stripe's parameter_unknown). */
  Params allowOnly(String... allowed) {
    for (String key : flat.keySet()) {
      String top = key.contains("[") ? key.substring(0, key.indexOf('[')) : key;
      if (!List.of(allowed).contains(top)) {
        throw StripeError.unknownParam(key);
      }
    }
    return this;
  }

  Optional<String> string(String key) {
    return Optional.ofNullable(flat.get(key));
  }

  boolean has(String key) {
    return flat.containsKey(key);
  }

  String required(String key) {
    String value = flat.get(key);
    if (value == null || value.isEmpty()) {
      throw StripeError.missingParam(key);
    }
    return value;
  }

  Optional<Long> longValue(String key) {
    return string(key)
        .filter(v -> !v.isEmpty())
        .map(
            v -> {
              try {
                return Long.parseLong(v);
              } catch (NumberFormatException e) {
                throw StripeError.invalid(key, "Invalid integer: " + v);
              }
            });
  }

  Optional<Boolean> bool(String key) {
    return string(key)
        .map(
            v ->
                switch (v) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw StripeError.invalid(key, "Invalid boolean: " + v);
                });
  }

  /** The values of {@code key[0]}, {@code key[1]}, … in index order. */
  List<String> list(String key) {
    List<String> values = new ArrayList<>();
    for (int i = 0; flat.containsKey(key + "[" + i + "]"); i++) {
      values.add(flat.get(key + "[" + i + "]"));
    }
    return values;
  }

  /** {@code key[name]=value} pairs, e.g. the metadata hash. */
  Map<String, String> hash(String key) {
    Map<String, String> hash = new LinkedHashMap<>();
    String prefix = key + "[";
    flat.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.endsWith("]") && k.indexOf('[', prefix.length()) < 0) {
            hash.put(k.substring(prefix.length(), k.length() - 1), v);
          }
        });
    return hash;
  }

  /** The sub-parameters of {@code key[index]} as their own {@link Params}. */
  Params nested(String key) {
    Map<String, String> sub = new LinkedHashMap<>();
    String prefix = key + "[";
    flat.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            int close = k.indexOf(']', prefix.length());
            String name = k.substring(prefix.length(), close);
            sub.put(name + k.substring(close + 1), v);
          }
        });
    return new Params(sub);
  }

  boolean isEmpty() {
    return flat.isEmpty();
  }
}

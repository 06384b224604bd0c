package io.agnosticbilling.adapter.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Value object: one RFC 9457 problem answer: status, stable code, a sentence for people, extra
 * members (figures of a refusal, the invalid field) and response headers (Retry-After, Allow).
 */
record Problem(
    int status,
    String code,
    String detail,
    Map<String, Object> extras,
    Map<String, String> headers) {

  static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:agnostic-billing:problem:";

  Problem {
    Objects.requireNonNull(code, "'code' must not be null");
    Objects.requireNonNull(detail, "'detail' must not be null");
    // Extras may hold JSON nulls (no plan to upgrade to), which Map.copyOf refuses.
    extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    headers = Map.copyOf(headers);
  }

  /** A problem without extra members or headers. */
  static Problem of(int status, String code, String detail) {
    return new Problem(status, code, detail, Map.of(), Map.of());
  }

  /**
   * 429 for an attempt a rate limit refused, with {@code retryAfterSeconds} and {@code
   * Retry-After}.
   *
   * @param sentence what was refused, such as "Too many failed logins."
   */
  static Problem tooManyRequests(String code, String sentence, long retryAfterSeconds) {
    return new Problem(
            429,
            code,
            sentence + " Try again in " + retryAfterSeconds + " seconds.",
            Map.of("retryAfterSeconds", retryAfterSeconds),
            Map.of())
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  Problem withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Problem(status, code, detail, extras, more);
  }

  /** The JSON document, standard members first; {@code instance} is left out when null. */
  Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + code);
    body.put("title", title(status));
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    if (instance != null) {
      body.put("instance", instance);
    }
    extras.forEach(body::putIfAbsent);
    return body;
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Invalid request";
      case 401 -> "Authentication required";
      case 402 -> "Plan limit reached";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 408 -> "Request timeout";
      case 409 -> "Conflict";
      case 413 -> "Request body too large";
      case 414 -> "URI too long";
      case 429 -> "Too many requests";
      case 431 -> "Request headers too large";
      case 502 -> "Payment provider error";
      case 503 -> "Service unavailable";
      default -> status >= 500 ? "Internal error" : "Request refused";
    };
  }
}

package io.agnosticbilling.domain.notification;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Value object: the flat {@code data} of a notification, in insertion order; each value is a
 * string, a whole number or a boolean (instants are ISO-8601 strings). Stores keep it as the JSON
 * object {@link #toJson()} writes and {@link #fromJson} reads back.
 */
public final class NotificationData {
  private static final NotificationData EMPTY = new NotificationData(Map.of());

  private final Map<String, Object> values;

  private NotificationData(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static NotificationData empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Strings, {@code Long}s and {@code Boolean}s by key, in insertion order. */
  public Map<String, Object> values() {
    return values;
  }

  /** The data as a JSON object. */
  public String toJson() {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      quote(out, e.getKey());
      out.append(':');
      Object v = e.getValue();
      if (v instanceof String s) {
        quote(out, s);
      } else {
        out.append(v);
      }
    }
    return out.append('}').toString();
  }

  /**
   * Reads what {@link #toJson()} wrote (a flat object of strings, whole numbers and booleans).
   *
   * @throws IllegalArgumentException when it is anything else
   */
  public static NotificationData fromJson(String json) {
    return new Reader(json).object();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NotificationData other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Collects the values; a null or empty optional value is left out. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Builder() {}

    public Builder put(String key, String value) {
      return putValue(key, value);
    }

    public Builder put(String key, long value) {
      return putValue(key, value);
    }

    public Builder put(String key, boolean value) {
      return putValue(key, value);
    }

    public Builder put(String key, Instant value) {
      return putValue(key, value == null ? null : value.toString());
    }

    private Builder putValue(String key, Object value) {
      Objects.requireNonNull(key, "'key' must not be null");
      if (value != null) {
        values.put(key, value);
      }
      return this;
    }

    public NotificationData build() {
      return values.isEmpty() ? EMPTY : new NotificationData(values);
    }
  }

  /** A reader of the one shape {@link #toJson()} writes. */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = Objects.requireNonNull(s, "'json' must not be null");
    }

    NotificationData object() {
      Map<String, Object> values = new LinkedHashMap<>();
      skipSpace();
      expect('{');
      skipSpace();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          skipSpace();
          String key = string();
          skipSpace();
          expect(':');
          skipSpace();
          values.put(key, value());
          skipSpace();
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw bad("',' or '}'");
          }
        }
      }
      skipSpace();
      if (i != s.length()) {
        throw bad("the end");
      }
      return values.isEmpty() ? EMPTY : new NotificationData(values);
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      int start = i;
      if (c == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || (i == start + 1 && c == '-')) {
        throw bad("a string, a whole number or a boolean");
      }
      try {
        return Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw bad("a whole number that fits 64 bits");
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw bad("four hex digits");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException ex) {
              throw bad("four hex digits");
            }
            i += 4;
          }
          default -> throw bad("an escape");
        }
      }
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw bad("more");
      }
      return s.charAt(i);
    }

    private char next() {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        i--;
        throw bad("'" + c + "'");
      }
    }

    private IllegalArgumentException bad(String expected) {
      return new IllegalArgumentException(
          "notification data: expected " + expected + " at offset " + i);
    }
  }
}

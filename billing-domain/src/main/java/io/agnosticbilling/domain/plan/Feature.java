package io.agnosticbilling.domain.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Value object: an entitlement of a plan, a keyed boolean with the text shown on its plan card
 * ({@code sso: false}, "SSO (coming soon)"), so a host app asks "may this organization use X"
 * without parsing strings.
 */
public record Feature(String key, boolean enabled, String text) {
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");

  public Feature {
    Objects.requireNonNull(key, "'key' must not be null");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "'key' must be camelCase letters and digits starting with a lower-case letter (got '"
              + key
              + "')");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("'text' of feature '" + key + "' must not be blank");
    }
  }

  public static Feature on(String key, String text) {
    return new Feature(key, true, text);
  }

  public static Feature off(String key, String text) {
    return new Feature(key, false, text);
  }
}

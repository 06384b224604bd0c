package io.agnosticbilling.domain.organization;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** Value object: a member's (user's) identifier. */
public record MemberId(String value) {
  // Compiled once: every authenticated request builds one (String.matches compiles per call).
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public MemberId {
    Objects.requireNonNull(value, "'memberId' must not be null");
    if (!SHAPE.matcher(value).matches()) {
      throw new IllegalArgumentException("'memberId' must be 1-64 letters, digits, '-' or '_'");
    }
  }

  public static MemberId of(String value) {
    return new MemberId(value);
  }

  public static MemberId random() {
    return new MemberId("usr_" + UUID.randomUUID().toString().replace("-", ""));
  }

  @Override
  public String toString() {
    return value;
  }
}

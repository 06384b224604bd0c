package io.agnosticbilling.domain.organization;

import java.util.Objects;
import java.util.UUID;

/** Value object: a member's (user's) identifier. */
public record MemberId(String value) {
  public MemberId {
    Objects.requireNonNull(value, "'memberId' must not be null");
    if (!Identifiers.wellFormed(value)) {
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

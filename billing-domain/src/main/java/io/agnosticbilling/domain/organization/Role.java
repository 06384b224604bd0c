package io.agnosticbilling.domain.organization;

import java.util.Locale;
import java.util.Optional;

/** A member's role in the organization: admins manage billing and members, members use it. */
public enum Role {
  ADMIN,
  MEMBER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}

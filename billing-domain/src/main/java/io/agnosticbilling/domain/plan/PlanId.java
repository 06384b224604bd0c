package io.agnosticbilling.domain.plan;

import java.util.Objects;

/** Value object: a plan's stable identifier ({@code free}, {@code team}, {@code enterprise}). */
public record PlanId(String value) {
  public static final PlanId FREE = new PlanId("free");
  public static final PlanId TEAM = new PlanId("team");
  public static final PlanId ENTERPRISE = new PlanId("enterprise");

  public PlanId {
    Objects.requireNonNull(value, "'plan' must not be null");
    if (!value.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new IllegalArgumentException(
          "'plan' must be lower-case letters, digits, '-' or '_' (got '" + value + "')");
    }
  }

  public static PlanId of(String value) {
    return new PlanId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package io.agnosticbilling.domain.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/** Value object: a plan's stable identifier ({@code free}, {@code team}, {@code enterprise}). */
public record PlanId(String value) {
  // Compiled once: every store read and every event builds these (String.matches compiles per
  // call).
  private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public static final PlanId FREE = new PlanId("free");
  public static final PlanId TEAM = new PlanId("team");
  public static final PlanId ENTERPRISE = new PlanId("enterprise");

  public PlanId {
    Objects.requireNonNull(value, "'plan' must not be null");
    if (!SHAPE.matcher(value).matches()) {
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

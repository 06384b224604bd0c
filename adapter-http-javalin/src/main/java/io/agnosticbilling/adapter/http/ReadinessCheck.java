package io.agnosticbilling.adapter.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Inbound collaborator: one named part the server needs (the store, Redis) and whether it answers
 * now; {@code GET /health/ready} runs every check and names the ones that failed.
 */
public interface ReadinessCheck {

  String name();

  /** True when the part answers; an exception counts as not ready. */
  boolean ready();

  static ReadinessCheck of(String name, BooleanSupplier probe) {
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(probe, "'probe' must not be null");
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean ready() {
        return probe.getAsBoolean();
      }
    };
  }
}

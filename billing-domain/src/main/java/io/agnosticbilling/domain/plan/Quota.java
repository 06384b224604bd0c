package io.agnosticbilling.domain.plan;

import java.util.OptionalLong;

/** Value object: how much of a metric a plan allows, either a bound or truly unlimited. */
public sealed interface Quota permits Quota.Bounded, Quota.Unlimited {

  static Quota of(long limit) {
    return new Bounded(limit);
  }

  static Quota unlimited() {
    return Unlimited.INSTANCE;
  }

  /** True when {@code used + quantity} stays within the quota. */
  boolean allows(long used, long quantity);

  /** The bound, or empty when unlimited. */
  OptionalLong limit();

  default boolean isUnlimited() {
    return this instanceof Unlimited;
  }

  /** A quota with a finite bound. */
  record Bounded(long value) implements Quota {
    public Bounded {
      if (value < 0) {
        throw new IllegalArgumentException("'limit' must not be negative");
      }
    }

    @Override
    public boolean allows(long used, long quantity) {
      return used + quantity <= value;
    }

    @Override
    public OptionalLong limit() {
      return OptionalLong.of(value);
    }
  }

  /** No bound at all. */
  record Unlimited() implements Quota {
    static final Unlimited INSTANCE = new Unlimited();

    @Override
    public boolean allows(long used, long quantity) {
      return true;
    }

    @Override
    public OptionalLong limit() {
      return OptionalLong.empty();
    }
  }
}

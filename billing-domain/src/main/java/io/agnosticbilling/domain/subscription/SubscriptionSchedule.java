package io.agnosticbilling.domain.subscription;

import java.util.Objects;
import java.util.Optional;

/**
 * What is known of the provider schedule attached to a subscription (Stripe's subscription
 * schedules: how a change at the end of the period is made). A subscription event names the
 * schedule only ({@link Attached}); a fetch reads its phases ({@link Read}).
 */
public sealed interface SubscriptionSchedule {

  /** No schedule is attached. */
  SubscriptionSchedule NONE = new None();

  /** The attached schedule's id, if any. */
  Optional<String> id();

  /** The change the schedule makes later, when its phases were read and it makes one. */
  default Optional<ScheduledChange> change() {
    return Optional.empty();
  }

  /**
   * True when {@code incoming} tells nothing this does not: equal, or naming the same schedule
   * without its phases.
   */
  default boolean covers(SubscriptionSchedule incoming) {
    return equals(incoming) || (incoming instanceof Attached && id().equals(incoming.id()));
  }

  /** True when the schedule's phases were read ({@link Read}). */
  default boolean read() {
    return this instanceof Read;
  }

  /**
   * The schedule stores keep as flat fields: none without an id, else read or only attached.
   *
   * @throws IllegalArgumentException for a change without a schedule id, or on one not read
   */
  static SubscriptionSchedule restore(
      Optional<String> id, boolean read, Optional<ScheduledChange> change) {
    if (id.isEmpty()) {
      if (read || change.isPresent()) {
        throw new IllegalArgumentException("a scheduled change needs its schedule's id");
      }
      return NONE;
    }
    if (!read && change.isPresent()) {
      throw new IllegalArgumentException("a schedule whose phases were not read has no change");
    }
    return read ? new Read(id.get(), change) : new Attached(id.get());
  }

  /** No schedule. */
  record None() implements SubscriptionSchedule {
    @Override
    public Optional<String> id() {
      return Optional.empty();
    }
  }

  /** A schedule named by its id, its phases not read (as a subscription event carries it). */
  record Attached(String scheduleId) implements SubscriptionSchedule {
    public Attached {
      requireId(scheduleId);
    }

    @Override
    public Optional<String> id() {
      return Optional.of(scheduleId);
    }
  }

  /**
   * A schedule whose phases were read: {@code next} is the change it makes at the start of its next
   * phase, empty when it makes none (a schedule with one phase, or the same price next).
   */
  record Read(String scheduleId, Optional<ScheduledChange> next) implements SubscriptionSchedule {
    public Read {
      requireId(scheduleId);
      Objects.requireNonNull(next, "'next' must not be null");
    }

    @Override
    public Optional<String> id() {
      return Optional.of(scheduleId);
    }

    @Override
    public Optional<ScheduledChange> change() {
      return next;
    }
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("'scheduleId' must not be blank");
    }
  }
}

package io.agnosticbilling.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The sandbox's test clock: stands still until advanced, like a Stripe test clock. A {@link Clock},
 * so an embedding application may share the sandbox's idea of "now".
 */
public final class SandboxClock extends Clock {
  private volatile Instant now;

  SandboxClock(Instant start) {
    this.now = Objects.requireNonNull(start, "'start' must not be null");
  }

  @Override
  public Instant instant() {
    return now;
  }

  long epochSecond() {
    return now.getEpochSecond();
  }

  // Only the sandbox moves time, so that due renewals are processed in order on the way.
  void set(Instant instant) {
    if (instant.isBefore(now)) {
      throw new IllegalArgumentException("the test clock cannot go back in time");
    }
    now = instant;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(now, zone);
  }

  @Override
  public String toString() {
    return "SandboxClock[" + now + "]";
  }

  static Duration nonNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, "'" + name + "' must not be null");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + name + "' must not be negative");
    }
    return duration;
  }
}

package io.agnosticbilling.sandbox;

import java.time.Duration;

/**
 * Webhook fault injection, switchable at run time: the misbehaviours Stripe's delivery is allowed
 * (at-least-once, any order, late), made to happen on purpose.
 */
public final class Faults {
  private volatile boolean duplicate;
  private volatile boolean shuffle;
  private volatile boolean dropFirstAttempt;
  private volatile Duration delay = Duration.ZERO;

  /** Every event is delivered twice. */
  public Faults duplicate(boolean on) {
    duplicate = on;
    return this;
  }

  /** The events of one action (e.g. a Checkout payment) are delivered in a different order. */
  public Faults shuffle(boolean on) {
    shuffle = on;
    return this;
  }

  /** The first delivery attempt of every event is lost; the retry delivers it. */
  public Faults dropFirstAttempt(boolean on) {
    dropFirstAttempt = on;
    return this;
  }

  /** Every event waits this long before its first delivery attempt. */
  public Faults delay(Duration delay) {
    this.delay = SandboxClock.nonNegative(delay, "delay");
    return this;
  }

  /** Back to faithful delivery. */
  public Faults reset() {
    duplicate = false;
    shuffle = false;
    dropFirstAttempt = false;
    delay = Duration.ZERO;
    return this;
  }

  public boolean duplicate() {
    return duplicate;
  }

  public boolean shuffle() {
    return shuffle;
  }

  public boolean dropFirstAttempt() {
    return dropFirstAttempt;
  }

  public Duration delay() {
    return delay;
  }
}

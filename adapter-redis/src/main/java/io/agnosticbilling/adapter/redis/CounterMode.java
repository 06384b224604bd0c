package io.agnosticbilling.adapter.redis;

/** When the durable store learns of an increment Redis allowed. */
public enum CounterMode {
  /** Before the answer: nothing is ever lost; each record costs a durable write. */
  WRITE_THROUGH,
  /**
   * Batched per counter every flush interval: answers at Redis speed; a crashed server instance
   * loses its unflushed increments from the durable store (see docs/adapter-redis.md).
   */
  WRITE_BEHIND
}

package io.agnosticbilling.adapter.redis;

/**
 * Callback: the Redis fast path was lost (records now go to the durable store) or resumed. For
 * metrics and logs; a listener that throws never changes an answer.
 */
public interface FastPathListener {
  FastPathListener NONE = new FastPathListener() {};

  /** Redis failed; records are served by the durable store until it answers again. */
  default void fastPathLost(RuntimeException cause) {}

  /** Redis answers again and the counters touched meanwhile were brought up to date. */
  default void fastPathResumed() {}
}

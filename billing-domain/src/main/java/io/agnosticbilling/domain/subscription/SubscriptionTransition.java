package io.agnosticbilling.domain.subscription;

import java.util.Optional;

/**
 * The one place that decides whether a snapshot replaces the stored state of a subscription. Read
 * it as a table; it makes the result independent of delivery order because it always keeps the
 * greatest snapshot under one ordering: terminal beats non-terminal, then newer {@code created}
 * beats older, and an exact tie is settled by asking the provider.
 */
public final class SubscriptionTransition {

  /** What to do with an incoming snapshot. */
  public enum Decision {
    /** No state yet, or the snapshot is greater: store it. */
    APPLY,
    /** The stored state is greater (newer, or terminal): keep it and log the event stale. */
    STALE,
    /** Same second, same class, different content: fetch the subscription and apply that. */
    RESOLVE_BY_FETCH,
    /** Same second and same content: nothing to change. */
    UNCHANGED
  }

  private SubscriptionTransition() {}

  /**
   * Decides for {@code incoming}, observed at epoch second {@code observedAt}.
   *
   * <table>
   *   <tr><th>stored</th><th>incoming</th><th>decision</th></tr>
   *   <tr><td>none</td><td>any</td><td>APPLY</td></tr>
   *   <tr><td>terminal</td><td>non-terminal</td><td>STALE (terminal is never left)</td></tr>
   *   <tr><td>non-terminal</td><td>terminal</td><td>APPLY</td></tr>
   *   <tr><td>same class, older</td><td>newer</td><td>APPLY</td></tr>
   *   <tr><td>same class, newer</td><td>older</td><td>STALE</td></tr>
   *   <tr><td>same class, same second</td><td>same content</td><td>UNCHANGED</td></tr>
   *   <tr><td>same class, same second</td><td>other content</td><td>RESOLVE_BY_FETCH</td></tr>
   * </table>
   */
  public static Decision decide(
      Optional<Subscription> stored, SubscriptionSnapshot incoming, long observedAt) {
    if (stored.isEmpty()) {
      return Decision.APPLY;
    }
    Subscription current = stored.get();
    boolean storedTerminal = current.status().isTerminal();
    boolean incomingTerminal = incoming.status().isTerminal();
    if (storedTerminal && !incomingTerminal) {
      return Decision.STALE;
    }
    if (!storedTerminal && incomingTerminal) {
      return Decision.APPLY;
    }
    if (observedAt > current.lastEventCreated()) {
      return Decision.APPLY;
    }
    if (observedAt < current.lastEventCreated()) {
      return Decision.STALE;
    }
    return current.sameStateAs(incoming) ? Decision.UNCHANGED : Decision.RESOLVE_BY_FETCH;
  }
}

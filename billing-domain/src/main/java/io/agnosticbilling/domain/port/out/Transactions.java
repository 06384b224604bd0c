package io.agnosticbilling.domain.port.out;

import java.util.function.Supplier;

/**
 * Outbound port: runs several calls of the storage ports as ONE transaction of the store (all kept
 * or none), where the store can; {@link #none()} lets each call commit on its own.
 *
 * <p>Contract of {@link #inTransaction}:
 *
 * <ul>
 *   <li>The work's writes are not committed before {@code inTransaction} returns: the work must not
 *       signal anything outside the store (publish, wake a dispatcher, answer a caller); whatever
 *       must happen after the commit happens after it returns.
 *   <li>Work that throws is rolled back whole and the exception is rethrown as it is.
 *   <li>The store may roll the work back and run it again from the start, when a write it held back
 *       for the commit is refused there (PostgreSQL: an organization's compare-and-set, when
 *       another writer saved the organization first). The rule above makes that safe: nothing of a
 *       run that did not commit was seen outside the store.
 *   <li>{@link #mayWaitOnNetwork()} says whether the work may wait on the network. When it is
 *       {@code false} (SQLite: the work runs on the store's one writer thread, and every other
 *       write waits while it runs) the work must only call the store; the {@code Billing} facade
 *       then guards the payment provider: a provider call inside such work throws {@link
 *       io.agnosticbilling.domain.error.ProviderCallInTransaction} before any network wait, the
 *       transaction is rolled back, and the event is handled again outside a transaction.
 * </ul>
 */
@FunctionalInterface
public interface Transactions {
  <T> T inTransaction(Supplier<T> work);

  /**
   * Whether the work of {@link #inTransaction} may wait on the network (a payment-provider call):
   * true unless the store says otherwise.
   */
  default boolean mayWaitOnNetwork() {
    return true;
  }

  /** Each storage call commits on its own: the in-memory adapters, MongoDB. */
  static Transactions none() {
    return Direct.INSTANCE;
  }

  /**
   * Transactions run by {@code runner} whose work must not wait on the network ({@link
   * #mayWaitOnNetwork()} is false): a store whose transaction holds a single writer.
   */
  static Transactions storeOnly(Transactions runner) {
    return new Transactions() {
      @Override
      public <T> T inTransaction(Supplier<T> work) {
        return runner.inTransaction(work);
      }

      @Override
      public boolean mayWaitOnNetwork() {
        return false;
      }
    };
  }

  /** Runs the work as it is. */
  enum Direct implements Transactions {
    INSTANCE;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      return work.get();
    }
  }
}

package io.agnosticbilling.domain.port.out;

import java.util.function.Supplier;

/**
 * Outbound port: runs several calls of the storage ports as ONE transaction of the store (all kept
 * or none), where the store can; {@link #none()} lets each call commit on its own. The work may
 * call the payment provider (a same-second tie is settled by a fetch), so a store whose
 * transactions must not wait on the network offers {@code none()}.
 */
@FunctionalInterface
public interface Transactions {
  <T> T inTransaction(Supplier<T> work);

  /** Each storage call commits on its own: the in-memory adapters, MongoDB, SQLite. */
  static Transactions none() {
    return Direct.INSTANCE;
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

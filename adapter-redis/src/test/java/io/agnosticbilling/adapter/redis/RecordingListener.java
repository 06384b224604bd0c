package io.agnosticbilling.adapter.redis;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the counters reported, as a metrics listener in the server would. */
final class RecordingListener implements FastPathListener {
  final AtomicInteger lost = new AtomicInteger();
  final AtomicInteger resumed = new AtomicInteger();

  @Override
  public void fastPathLost(RuntimeException cause) {
    lost.incrementAndGet();
  }

  @Override
  public void fastPathResumed() {
    resumed.incrementAndGet();
  }
}

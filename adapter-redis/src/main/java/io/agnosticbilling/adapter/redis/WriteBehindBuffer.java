package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Increments Redis allowed that the durable store has not received yet, summed per counter and
 * written every flush interval. Lives in this process: a crash of the process loses it.
 */
final class WriteBehindBuffer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteBehindBuffer.class);

  private final DurableUsageLedger durable;
  private final ObjLongConsumer<UsageKey> flushed;
  private final ConcurrentHashMap<UsageKey, Pending> pending = new ConcurrentHashMap<>();
  // One flush at a time, so a counter is never half-flushed while someone reads durable + pending.
  private final ReentrantLock flushing = new ReentrantLock();
  private final ScheduledExecutorService scheduler;

  /**
   * @param flushed told each counter's durable count after a flush
   */
  WriteBehindBuffer(
      DurableUsageLedger durable, Duration interval, ObjLongConsumer<UsageKey> flushed) {
    this.durable = durable;
    this.flushed = flushed;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "redis-usage-write-behind");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::flushAll, millis, millis, TimeUnit.MILLISECONDS);
  }

  void add(UsageKey key, long quantity, Instant periodEnd) {
    pending.merge(key, new Pending(quantity, periodEnd), Pending::plus);
  }

  long pendingOf(UsageKey key) {
    Pending p = pending.get(key);
    return p == null ? 0 : p.amount();
  }

  /** Writes every counter's pending increments; a counter whose write fails stays pending. */
  void flushAll() {
    flushing.lock();
    try {
      for (UsageKey key : pending.keySet()) {
        flushLocked(key);
      }
    } finally {
      flushing.unlock();
    }
  }

  /** Writes one counter's pending increments now, e.g. before the durable store decides alone. */
  void flush(UsageKey key) {
    flushing.lock();
    try {
      flushLocked(key);
    } finally {
      flushing.unlock();
    }
  }

  private void flushLocked(UsageKey key) {
    Pending taken = pending.remove(key);
    if (taken == null) {
      return;
    }
    UsageRecorded written;
    try {
      written = durable.add(key, taken.amount(), Optional.empty(), taken.periodEnd());
    } catch (RuntimeException e) {
      // Kept for the next flush. A write that failed after it was applied is counted twice:
      // the durable store may count more than Redis allowed, never less.
      pending.merge(key, taken, Pending::plus);
      log.warn("Durable usage write of {} for {} failed; retrying next flush", taken, key, e);
      return;
    }
    try {
      flushed.accept(key, written.usedAfter());
    } catch (RuntimeException e) {
      log.debug("After-flush callback for {} failed", key, e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Write-behind flusher did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushAll();
  }

  private record Pending(long amount, Instant periodEnd) {
    Pending plus(Pending other) {
      return new Pending(
          amount + other.amount, periodEnd.isAfter(other.periodEnd) ? periodEnd : other.periodEnd);
    }
  }
}

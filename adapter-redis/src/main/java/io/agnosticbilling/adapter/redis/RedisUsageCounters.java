package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.adapter.redis.UsageKeys.Reply;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Adapter: usage counters decided in Redis by one Lua script per record, kept in a durable ledger
 * (write-through or write-behind), served by the ledger alone while Redis is unreachable.
 */
public final class RedisUsageCounters implements UsageCounters, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisUsageCounters.class);
  private static final LuaScript RECORD = LuaScript.load("record-usage.lua");
  private static final LuaScript UNDO = LuaScript.load("undo-usage.lua");
  private static final LuaScript RAISE = LuaScript.load("raise-usage.lua");

  private final UnifiedJedis jedis;
  private final UsageKeys keys;
  private final DurableUsageLedger durable;
  private final RedisCounterSettings settings;
  private final FastPathListener listener;
  private final Clock clock;
  private final WriteBehindBuffer buffer;
  private final AtomicReference<Instant> downSince = new AtomicReference<>();
  private volatile Instant nextProbe = Instant.MIN;
  private final Object recovery = new Object();
  // Counters this instance changed in the durable store alone; Redis must catch up on them.
  private final ConcurrentHashMap<UsageKey, Boolean> changedWhileDown = new ConcurrentHashMap<>();
  private final AtomicLong fallbackRecords = new AtomicLong();

  /**
   * @param jedis a standalone or cluster client; this instance does not close it
   * @param keyPrefix put before every key, e.g. {@code "ab:"}; must not contain '{' or '}'
   */
  public RedisUsageCounters(
      UnifiedJedis jedis,
      String keyPrefix,
      DurableUsageLedger durable,
      RedisCounterSettings settings,
      FastPathListener listener,
      Clock clock) {
    this.jedis = Objects.requireNonNull(jedis, "'jedis' must not be null");
    this.keys = new UsageKeys(RedisOptions.checkPrefix(keyPrefix));
    this.durable = Objects.requireNonNull(durable, "'durable' must not be null");
    this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
    this.listener = Objects.requireNonNull(listener, "'listener' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.buffer =
        settings.mode() == CounterMode.WRITE_BEHIND
            ? new WriteBehindBuffer(durable, settings.flushInterval(), this::catchUpAfterFlush)
            : null;
  }

  @Override
  public UsageRecorded record(UsageRequest request) {
    Objects.requireNonNull(request, "'request' must not be null");
    if (fastPathUsable()) {
      Reply reply;
      try {
        reply = decide(request);
      } catch (JedisException e) {
        lost(e);
        return fallback(request);
      }
      return keep(request, reply.recorded());
    }
    return fallback(request);
  }

  @Override
  public long used(UsageKey key) {
    Objects.requireNonNull(key, "'key' must not be null");
    if (fastPathUsable()) {
      try {
        String counterKey = keys.counter(key);
        String stored = jedis.get(counterKey);
        if (stored != null) {
          return UsageKeys.count(stored, counterKey);
        }
      } catch (JedisException e) {
        lost(e);
      }
    }
    return durable.used(key) + pendingOf(key);
  }

  /** True while records take the Redis fast path; false while the durable store serves them. */
  public boolean fastPathAvailable() {
    return downSince.get() == null;
  }

  /** Records served by the durable store because Redis was unreachable, since start. */
  public long fallbackRecords() {
    return fallbackRecords.get();
  }

  /** Increments allowed but not yet in the durable store (write-behind; always 0 otherwise). */
  public long pendingOf(UsageKey key) {
    return buffer == null ? 0 : buffer.pendingOf(key);
  }

  /** Writes pending increments to the durable store now (write-behind; a no-op otherwise). */
  public void flush() {
    if (buffer != null) {
      buffer.flushAll();
    }
  }

  /** Stops the write-behind flusher after a last flush. Does not close the Redis client. */
  @Override
  public void close() {
    if (buffer != null) {
      buffer.close();
    }
  }

  /** One atomic script call; a second one, with the durable count, when the counter is missing. */
  private Reply decide(UsageRequest request) {
    Reply reply = Reply.of(RECORD.run(jedis, keys.both(request.key()), args(request, "")));
    if (reply.status() != Reply.Status.MISSING) {
      return reply;
    }
    long durableCount = rehydrationCount(request.key());
    return Reply.of(
        RECORD.run(jedis, keys.both(request.key()), args(request, Long.toString(durableCount))));
  }

  private long rehydrationCount(UsageKey key) {
    if (buffer != null) {
      // This instance's unflushed increments are part of the count: write them first.
      buffer.flush(key);
    }
    return durable.used(key);
  }

  private List<String> args(UsageRequest request, String durableCount) {
    return List.of(
        Long.toString(request.quantity()),
        UsageKeys.limit(request.limit()),
        UsageKeys.idempotencyKey(request),
        Long.toString(expiresAt(request).toEpochMilli()),
        durableCount);
  }

  /** Hands an allowed increment to the durable store, per mode. */
  private UsageRecorded keep(UsageRequest request, UsageRecorded decided) {
    if (!decided.allowed() || decided.replayed()) {
      return decided;
    }
    if (buffer != null) {
      buffer.add(request.key(), request.quantity(), request.periodEnd());
      return decided;
    }
    UsageRecorded written;
    try {
      written =
          durable.add(
              request.key(), request.quantity(), request.idempotencyKey(), request.periodEnd());
    } catch (RuntimeException e) {
      // Not kept, so not counted: take it back and forget the decision so a retry decides again.
      undo(request, "");
      throw e;
    }
    if (written.replayed()) {
      // The durable store already had this idempotency key (recorded during an outage):
      // its first decision stands and Redis must not count the repeat.
      undo(request, UsageKeys.decision(written));
      return written;
    }
    if (written.usedAfter() > decided.usedAfter()) {
      // The durable count is ahead (another instance recorded there while it could not reach
      // Redis): bring the gate up so the limit holds on every instance.
      try {
        raise(request.key(), written.usedAfter());
      } catch (JedisException e) {
        log.warn("Could not raise {} in Redis to the durable count", request.key(), e);
      }
    }
    return decided;
  }

  private UsageRecorded fallback(UsageRequest request) {
    fallbackRecords.incrementAndGet();
    if (buffer != null) {
      buffer.flush(request.key());
    }
    UsageRecorded decided = durable.record(request);
    changedWhileDown.put(request.key(), Boolean.TRUE);
    return decided;
  }

  private void undo(UsageRequest request, String decisionToKeep) {
    try {
      UNDO.run(
          jedis,
          keys.both(request.key()),
          List.of(
              Long.toString(request.quantity()),
              UsageKeys.idempotencyKey(request),
              decisionToKeep,
              Long.toString(expiresAt(request).toEpochMilli())));
    } catch (JedisException e) {
      // The counter stays higher than the durable one: stricter, never looser, until it expires.
      log.warn("Could not take back {} on {} in Redis", request.quantity(), request.key(), e);
    }
  }

  private void raise(UsageKey key, long atLeast) {
    RAISE.run(jedis, List.of(keys.counter(key)), List.of(Long.toString(atLeast)));
  }

  private void catchUpAfterFlush(UsageKey key, long durableCount) {
    // durable + this instance's still-pending increments is a count Redis has certainly reached.
    raise(key, durableCount + pendingOf(key));
  }

  private Instant expiresAt(UsageRequest request) {
    // Never in the past: a PEXPIREAT in the past would delete the counter at once.
    Instant end = request.periodEnd();
    Instant now = clock.instant();
    return (end.isAfter(now) ? end : now).plus(settings.expiryMargin());
  }

  private boolean fastPathUsable() {
    if (downSince.get() == null) {
      return true;
    }
    if (clock.instant().isBefore(nextProbe)) {
      return false;
    }
    synchronized (recovery) {
      if (downSince.get() == null) {
        return true;
      }
      try {
        jedis.ping();
        catchUpOnChangedWhileDown();
      } catch (JedisException e) {
        nextProbe = clock.instant().plus(settings.retryInterval());
        return false;
      }
      downSince.set(null);
    }
    log.info("Redis answers again: usage counters back on the fast path");
    notifyListener(true, null);
    return true;
  }

  private void catchUpOnChangedWhileDown() {
    for (UsageKey key : changedWhileDown.keySet()) {
      raise(key, durable.used(key) + pendingOf(key));
      changedWhileDown.remove(key);
    }
  }

  private void lost(JedisException cause) {
    nextProbe = clock.instant().plus(settings.retryInterval());
    if (downSince.compareAndSet(null, clock.instant())) {
      log.warn("Redis unreachable: usage counters served by the durable store", cause);
      notifyListener(false, cause);
    }
  }

  private void notifyListener(boolean resumed, RuntimeException cause) {
    try {
      if (resumed) {
        listener.fastPathResumed();
      } else {
        listener.fastPathLost(cause);
      }
    } catch (RuntimeException e) {
      log.warn("Fast-path listener failed", e);
    }
  }
}

package io.agnosticbilling.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Stripe's idempotency semantics: the first successful answer to a key is kept for 24 hours and
 * replayed to any request with the same key and the same method, path and parameters; the same key
 * with anything else is refused ({@code idempotency_error}, 400). Requests with one key run one at
 * a time, so two racing first attempts cannot both act. Errors are not kept, as at Stripe, where a
 * request refused by validation may be retried with the same key.
 */
final class IdempotencyCache {
  static final Duration RETENTION = Duration.ofHours(24);

  /** An answer: HTTP status and JSON body, and whether it is a replay. */
  record Answer(int status, String body, boolean replayed) {}

  private record Entry(String fingerprint, Answer answer, Instant at) {}

  private final Clock wallClock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  IdempotencyCache(Clock wallClock) {
    this.wallClock = wallClock;
  }

  Answer run(String key, String fingerprint, Supplier<Answer> call) {
    if (key == null || key.isEmpty()) {
      return call.get();
    }
    if (key.length() > 255) {
      throw StripeError.invalid(
          "Idempotency-Key", "Idempotency keys may be at most 255 characters");
    }
    Object lock = locks.computeIfAbsent(key, k -> new Object());
    synchronized (lock) {
      Instant now = wallClock.instant();
      Entry entry = entries.get(key);
      if (entry != null && entry.at().plus(RETENTION).isBefore(now)) {
        entries.remove(key);
        entry = null;
      }
      if (entry != null) {
        if (!entry.fingerprint().equals(fingerprint)) {
          throw new StripeError(
              400,
              "idempotency_error",
              null,
              "Keys for idempotent requests can only be used with the same parameters they were"
                  + " first used with. Try using a key other than '"
                  + key
                  + "' if you meant to execute a different request.",
              null);
        }
        Answer first = entry.answer();
        return new Answer(first.status(), first.body(), true);
      }
      Answer answer = call.get();
      if (answer.status() >= 200 && answer.status() < 300) {
        entries.put(key, new Entry(fingerprint, answer, now));
      }
      return answer;
    }
  }
}

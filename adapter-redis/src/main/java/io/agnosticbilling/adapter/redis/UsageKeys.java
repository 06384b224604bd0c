package io.agnosticbilling.adapter.redis;

import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.util.List;

/**
 * Mapping between usage counters and Redis: key names, script arguments and script replies. The
 * organization id is the hash tag, so all of an organization's keys share one cluster slot.
 */
final class UsageKeys {
  private final String prefix;

  UsageKeys(String prefix) {
    this.prefix = prefix;
  }

  /** {@code <prefix>usage:{org_1}:testRuns:1740787200000:n}. */
  String counter(UsageKey key) {
    return base(key) + ":n";
  }

  /** The first decision per idempotency key, beside the counter. */
  String decisions(UsageKey key) {
    return base(key) + ":ids";
  }

  List<String> both(UsageKey key) {
    return List.of(counter(key), decisions(key));
  }

  private String base(UsageKey key) {
    return prefix
        + "usage:{"
        + key.organizationId().value()
        + "}:"
        + key.metric().key()
        + ":"
        + key.periodStart().toEpochMilli();
  }

  static String limit(Quota quota) {
    return quota.limit().isPresent() ? Long.toString(quota.limit().getAsLong()) : "-1";
  }

  static String idempotencyKey(UsageRequest request) {
    return request.idempotencyKey().orElse("");
  }

  /** The form record-usage.lua stores a first decision in. */
  static String decision(UsageRecorded recorded) {
    return (recorded.allowed() ? 1 : 0) + ":" + recorded.usedBefore() + ":" + recorded.usedAfter();
  }

  /** A counter's stored value; anything but a count is a clear error, never a silent zero. */
  static long count(String stored, String redisKey) {
    try {
      long value = Long.parseLong(stored);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the key
    }
    throw new IllegalStateException(
        "Redis key '" + redisKey + "' holds '" + stored + "', not a usage count");
  }

  /** record-usage.lua's answer. */
  record Reply(Status status, UsageRecorded recorded) {
    enum Status {
      DECIDED,
      REPLAYED,
      MISSING
    }

    static Reply of(Object raw) {
      if (!(raw instanceof List<?> list)
          || list.size() != 4
          || !list.stream().allMatch(Long.class::isInstance)) {
        throw new IllegalStateException("unexpected reply from record-usage.lua: " + raw);
      }
      long status = (Long) list.get(0);
      boolean allowed = (Long) list.get(1) == 1L;
      long before = (Long) list.get(2);
      long after = (Long) list.get(3);
      if (status == 2) {
        return new Reply(Status.MISSING, null);
      }
      UsageRecorded recorded = new UsageRecorded(allowed, before, after, status == 1);
      return new Reply(status == 1 ? Status.REPLAYED : Status.DECIDED, recorded);
    }
  }
}

package io.agnosticbilling.domain.usage;

/**
 * Value object: the counter's answer to an increment. When refused, {@code usedBefore == usedAfter}
 * is the count that stood in the way. {@code replayed} is true when the idempotency key had been
 * seen in this period and this is the first decision again.
 */
public record UsageRecorded(boolean allowed, long usedBefore, long usedAfter, boolean replayed) {
  public UsageRecorded {
    if (usedBefore < 0 || usedAfter < usedBefore) {
      throw new IllegalArgumentException("'usedAfter' must not be below 'usedBefore' (both >= 0)");
    }
    if (!allowed && usedAfter != usedBefore) {
      throw new IllegalArgumentException("a refused increment must not change the count");
    }
  }

  public static UsageRecorded allowed(long before, long after) {
    return new UsageRecorded(true, before, after, false);
  }

  public static UsageRecorded refused(long used) {
    return new UsageRecorded(false, used, used, false);
  }

  public UsageRecorded asReplay() {
    return new UsageRecorded(allowed, usedBefore, usedAfter, true);
  }
}

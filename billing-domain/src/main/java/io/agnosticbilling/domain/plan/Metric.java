package io.agnosticbilling.domain.plan;

import java.util.Arrays;
import java.util.Optional;

/** What a plan limits: metered test runs per period, and the gauge of current members. */
public enum Metric {
  TEST_RUNS("testRuns", "test runs", true),
  USERS("users", "users", false);

  private final String key;
  private final String noun;
  private final boolean metered;

  Metric(String key, String noun, boolean metered) {
    this.key = key;
    this.noun = noun;
    this.metered = metered;
  }

  /** The camelCase name used in JSON and storage. */
  public String key() {
    return key;
  }

  /** The plural noun used in sentences for people. */
  public String noun() {
    return noun;
  }

  /** True for metrics counted per period, false for gauges. */
  public boolean metered() {
    return metered;
  }

  public static Optional<Metric> fromKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }
}

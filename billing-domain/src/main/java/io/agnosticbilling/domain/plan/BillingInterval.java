package io.agnosticbilling.domain.plan;

import java.util.Arrays;
import java.util.Optional;

/** Value: how often a plan's price is charged, with the provider's wire name. */
public enum BillingInterval {
  MONTH("month"),
  YEAR("year");

  private final String wireName;

  BillingInterval(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<BillingInterval> fromWireName(String name) {
    return Arrays.stream(values()).filter(i -> i.wireName.equals(name)).findFirst();
  }
}

package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.time.Instant;

/** Test-data builder: {@code org_1} crossed 80 % of 100 test runs in the period starting T0. */
public final class UsageAlertBuilder {
  private OrganizationId organizationId = OrganizationId.of("org_1");
  private Metric metric = Metric.TEST_RUNS;
  private Instant periodStart = Builders.T0;
  private int threshold = 80;
  private long used = 80;
  private long limit = 100;
  private Instant at = Builders.T0.plusSeconds(3600);

  UsageAlertBuilder() {}

  public UsageAlertBuilder organization(String organizationId) {
    this.organizationId = OrganizationId.of(organizationId);
    return this;
  }

  public UsageAlertBuilder metric(Metric metric) {
    this.metric = metric;
    return this;
  }

  public UsageAlertBuilder periodStart(Instant periodStart) {
    this.periodStart = periodStart;
    return this;
  }

  public UsageAlertBuilder threshold(int threshold) {
    this.threshold = threshold;
    return this;
  }

  public UsageAlertBuilder used(long used, long limit) {
    this.used = used;
    this.limit = limit;
    return this;
  }

  public UsageAlertBuilder at(Instant at) {
    this.at = at;
    return this;
  }

  public UsageAlert build() {
    return new UsageAlert(organizationId, metric, periodStart, threshold, used, limit, at);
  }
}

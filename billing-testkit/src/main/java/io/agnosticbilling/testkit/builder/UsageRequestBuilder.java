package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.time.Instant;
import java.util.Optional;

/**
 * Test-data builder: one test run for {@code org_1} in the calendar month of T0, limit 100, no
 * idempotency key.
 */
public final class UsageRequestBuilder {
  private OrganizationId organizationId = OrganizationId.of("org_1");
  private Metric metric = Metric.TEST_RUNS;
  private UsagePeriod period = UsagePeriod.calendarMonthOf(Builders.T0);
  private long quantity = 1;
  private Quota limit = Quota.of(100);
  private Optional<String> idempotencyKey = Optional.empty();

  UsageRequestBuilder() {}

  public UsageRequestBuilder organization(String organizationId) {
    this.organizationId = OrganizationId.of(organizationId);
    return this;
  }

  public UsageRequestBuilder metric(Metric metric) {
    this.metric = metric;
    return this;
  }

  public UsageRequestBuilder period(UsagePeriod period) {
    this.period = period;
    return this;
  }

  public UsageRequestBuilder period(Instant start, Instant end) {
    return period(new UsagePeriod(start, end));
  }

  public UsageRequestBuilder quantity(long quantity) {
    this.quantity = quantity;
    return this;
  }

  public UsageRequestBuilder limit(long limit) {
    return limit(Quota.of(limit));
  }

  public UsageRequestBuilder limit(Quota limit) {
    this.limit = limit;
    return this;
  }

  public UsageRequestBuilder idempotencyKey(String key) {
    this.idempotencyKey = Optional.of(key);
    return this;
  }

  public UsageKey key() {
    return new UsageKey(organizationId, metric, period.start());
  }

  public UsageRequest build() {
    return new UsageRequest(key(), quantity, limit, idempotencyKey, period.end());
  }
}

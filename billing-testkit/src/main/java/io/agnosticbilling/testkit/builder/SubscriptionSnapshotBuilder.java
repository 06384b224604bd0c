package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Test-data builder: an active {@code sub_1} of {@code org_1} on {@code price_team}. */
public final class SubscriptionSnapshotBuilder {
  private String id = "sub_1";
  private String customerId = "cus_1";
  private Optional<OrganizationId> organizationId = Optional.of(OrganizationId.of("org_1"));
  private SubscriptionStatus status = SubscriptionStatus.ACTIVE;
  private String priceId = "price_team";
  private Instant periodStart = Builders.T0;
  private Instant periodEnd = Builders.T0.plus(Duration.ofDays(31));
  private boolean cancelAtPeriodEnd;
  private Optional<Instant> canceledAt = Optional.empty();
  private Optional<Instant> trialEnd = Optional.empty();
  private Optional<Instant> startedAt = Optional.empty();
  private Optional<String> productId = Optional.empty();
  private SubscriptionSchedule schedule = SubscriptionSchedule.NONE;

  SubscriptionSnapshotBuilder() {}

  /** Starts from an existing snapshot, to describe its next state. */
  public static SubscriptionSnapshotBuilder from(SubscriptionSnapshot s) {
    return new SubscriptionSnapshotBuilder()
        .id(s.subscriptionId())
        .customer(s.customerId())
        .organizationId(s.organizationId())
        .status(s.status())
        .price(s.priceId())
        .period(s.currentPeriodStart(), s.currentPeriodEnd())
        .cancelAtPeriodEnd(s.cancelAtPeriodEnd())
        .canceledAt(s.canceledAt())
        .trialEnd(s.trialEnd())
        .startedAt(s.startedAt())
        .product(s.productId())
        .schedule(s.schedule());
  }

  /** The provider schedule attached (a change at the end of the period); none by default. */
  public SubscriptionSnapshotBuilder schedule(SubscriptionSchedule schedule) {
    this.schedule = schedule;
    return this;
  }

  public SubscriptionSnapshotBuilder id(String id) {
    this.id = id;
    return this;
  }

  public SubscriptionSnapshotBuilder customer(String customerId) {
    this.customerId = customerId;
    return this;
  }

  public SubscriptionSnapshotBuilder organization(String organizationId) {
    return organizationId(Optional.of(OrganizationId.of(organizationId)));
  }

  public SubscriptionSnapshotBuilder organizationId(Optional<OrganizationId> organizationId) {
    this.organizationId = organizationId;
    return this;
  }

  /** No {@code metadata.organizationId}: the organization must come from the customer id. */
  public SubscriptionSnapshotBuilder withoutOrganization() {
    return organizationId(Optional.empty());
  }

  public SubscriptionSnapshotBuilder status(SubscriptionStatus status) {
    this.status = status;
    return this;
  }

  public SubscriptionSnapshotBuilder price(String priceId) {
    this.priceId = priceId;
    return this;
  }

  public SubscriptionSnapshotBuilder periodStart(Instant start) {
    this.periodStart = start;
    return this;
  }

  public SubscriptionSnapshotBuilder periodEnd(Instant end) {
    this.periodEnd = end;
    return this;
  }

  public SubscriptionSnapshotBuilder period(Instant start, Instant end) {
    return periodStart(start).periodEnd(end);
  }

  public SubscriptionSnapshotBuilder cancelAtPeriodEnd(boolean cancel) {
    this.cancelAtPeriodEnd = cancel;
    return this;
  }

  public SubscriptionSnapshotBuilder canceledAt(Instant at) {
    return canceledAt(Optional.of(at));
  }

  public SubscriptionSnapshotBuilder canceledAt(Optional<Instant> at) {
    this.canceledAt = at;
    return this;
  }

  public SubscriptionSnapshotBuilder trialEnd(Instant at) {
    return trialEnd(Optional.of(at));
  }

  public SubscriptionSnapshotBuilder trialEnd(Optional<Instant> at) {
    this.trialEnd = at;
    return this;
  }

  /** When the provider started it; defaults to the period start. */
  public SubscriptionSnapshotBuilder startedAt(Instant at) {
    this.startedAt = Optional.of(at);
    return this;
  }

  /** The provider's product of the price; none by default. */
  public SubscriptionSnapshotBuilder product(String id) {
    return product(Optional.of(id));
  }

  public SubscriptionSnapshotBuilder product(Optional<String> id) {
    this.productId = id;
    return this;
  }

  public SubscriptionSnapshot build() {
    return new SubscriptionSnapshot(
        id,
        customerId,
        organizationId,
        status,
        priceId,
        periodStart,
        periodEnd,
        cancelAtPeriodEnd,
        canceledAt,
        trialEnd,
        startedAt.orElse(periodStart),
        productId,
        schedule);
  }
}

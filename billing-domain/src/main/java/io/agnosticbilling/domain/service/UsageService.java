package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.notification.Notifications;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.RecordUsage;
import io.agnosticbilling.domain.port.out.AlertPublisher;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.usage.LimitExceeded;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.usage.UsageRecorded;
import io.agnosticbilling.domain.usage.UsageRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Use case: meter usage with one atomic conditional increment, then record and publish the alert
 * thresholds the increment crossed, once per period (with their notifications, when the store keeps
 * an outbox).
 */
public final class UsageService implements RecordUsage {
  /** The most one call may record, so a typo cannot burn a month's quota. */
  public static final long MAX_QUANTITY = 10_000;

  private final OrganizationUpdater organizations;
  private final Entitlements entitlements;
  private final UsageCounters counters;
  private final UsageAlerts alerts;
  private final AlertPublisher publisher;
  private final Clock clock;

  UsageService(
      OrganizationUpdater organizations,
      Entitlements entitlements,
      UsageCounters counters,
      UsageAlerts alerts,
      AlertPublisher publisher,
      Clock clock) {
    this.organizations = organizations;
    this.entitlements = entitlements;
    this.counters = counters;
    this.alerts = alerts;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public UsageOutcome record(
      OrganizationId organizationId,
      Metric metric,
      long quantity,
      Optional<String> idempotencyKey) {
    MetricDefinition definition = meteredDefinition(metric);
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new InvalidInputException(
          "quantity", "'quantity' must be between 1 and " + MAX_QUANTITY);
    }
    if (idempotencyKey.isPresent() && !UsageRequest.acceptsIdempotencyKey(idempotencyKey.get())) {
      throw new InvalidInputException(
          "runId",
          "'runId' must be 1 to " + UsageRequest.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    Instant now = clock.instant();
    Organization organization = organizations.require(organizationId);
    Plan plan = entitlements.effectivePlan(organization, now);
    Quota limit = plan.limit(metric);
    UsagePeriod period = entitlements.period(organization, now);
    UsageKey key = new UsageKey(organizationId, metric, period.start());
    UsageRecorded recorded =
        counters.record(new UsageRequest(key, quantity, limit, idempotencyKey, period.end()));
    if (!recorded.allowed()) {
      return new Refused(
          refusal(
              entitlements,
              plan,
              definition,
              recorded.usedAfter(),
              quantity,
              Optional.of(period.end())),
          recorded.replayed());
    }
    List<UsageAlert> raised =
        recorded.replayed() ? List.of() : raiseAlerts(key, limit, recorded, now);
    OptionalLong remaining =
        limit.limit().isPresent()
            ? OptionalLong.of(Math.max(0, limit.limit().getAsLong() - recorded.usedAfter()))
            : OptionalLong.empty();
    return new Allowed(recorded.usedAfter(), limit, remaining, raised, recorded.replayed());
  }

  /** The catalog's metered metric, or a refusal naming the ones it meters. */
  private MetricDefinition meteredDefinition(Metric metric) {
    MetricDefinition definition =
        entitlements
            .catalog()
            .definition(metric)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "metric",
                        "Unknown metric '"
                            + metric
                            + "'. Metered metrics: "
                            + entitlements.catalog().metered().stream()
                                .map(MetricDefinition::key)
                                .toList()));
    if (!definition.metered()) {
      throw new InvalidInputException(
          "metric",
          "'" + metric.key() + "' is a gauge: it changes by adding members, not by usage");
    }
    return definition;
  }

  private List<UsageAlert> raiseAlerts(
      UsageKey key, Quota limit, UsageRecorded recorded, Instant now) {
    if (limit.isUnlimited()) {
      return List.of();
    }
    long bound = limit.limit().getAsLong();
    List<UsageAlert> raised = new ArrayList<>();
    for (int threshold : entitlements.catalog().alertThresholds()) {
      if (crossed(threshold, bound, recorded.usedBefore(), recorded.usedAfter())) {
        UsageAlert alert =
            new UsageAlert(
                key.organizationId(),
                key.metric(),
                key.periodStart(),
                threshold,
                recorded.usedAfter(),
                bound,
                now);
        boolean once =
            organizations.notifying()
                ? alerts.recordOnce(alert, List.of(Notifications.usage(alert)))
                : alerts.recordOnce(alert);
        if (once) {
          publisher.publish(alert);
          raised.add(alert);
        }
      }
    }
    return raised;
  }

  /** Usage moved from below {@code threshold} % of {@code limit} to at or above it. */
  static boolean crossed(int threshold, long limit, long before, long after) {
    if (limit <= 0) {
      return false;
    }
    long mark = (long) threshold * limit;
    return before * 100 < mark && after * 100 >= mark;
  }

  /** The refusal for {@code metric} on {@code plan}, naming the next plan up. */
  static LimitExceeded refusal(
      Entitlements entitlements,
      Plan plan,
      MetricDefinition definition,
      long used,
      long requested,
      Optional<Instant> resetsAt) {
    Metric metric = definition.metric();
    Optional<Plan> next = entitlements.catalog().nextUp(plan, metric);
    return new LimitExceeded(
        definition,
        used,
        plan.limit(metric).limit().orElse(Long.MAX_VALUE),
        requested,
        plan.id(),
        plan.name(),
        next.map(Plan::id),
        next.map(Plan::name),
        next.map(p -> p.limit(metric).limit()).orElse(OptionalLong.empty()),
        resetsAt);
  }
}

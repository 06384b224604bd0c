package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Adapter: usage alerts in memory, unique per organization, metric, period and threshold. */
public final class InMemoryUsageAlerts implements UsageAlerts {
  private final ConcurrentHashMap<AlertKey, UsageAlert> alerts = new ConcurrentHashMap<>();
  private final InMemoryNotificationOutbox outbox;

  /** Alerts with an outbox of their own. */
  public InMemoryUsageAlerts() {
    this(new InMemoryNotificationOutbox());
  }

  /** Alerts whose recording enqueues its notifications into {@code outbox}. */
  public InMemoryUsageAlerts(InMemoryNotificationOutbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "'outbox' must not be null");
  }

  public InMemoryNotificationOutbox outbox() {
    return outbox;
  }

  @Override
  public boolean recordOnce(UsageAlert alert, List<Notification> notifications) {
    synchronized (outbox) {
      boolean recorded = recordOnce(alert);
      if (recorded) {
        outbox.enqueue(notifications);
      }
      return recorded;
    }
  }

  @Override
  public boolean recordOnce(UsageAlert alert) {
    Objects.requireNonNull(alert, "'alert' must not be null");
    return alerts.putIfAbsent(AlertKey.of(alert), alert) == null;
  }

  @Override
  public List<UsageAlert> list(OrganizationId organizationId, Instant periodStart) {
    return alerts.values().stream()
        .filter(a -> a.organizationId().equals(organizationId))
        .filter(a -> a.periodStart().equals(periodStart))
        .sorted(
            Comparator.comparing(UsageAlert::at)
                .thenComparing(a -> a.metric().key())
                .thenComparingInt(UsageAlert::threshold))
        .toList();
  }

  private record AlertKey(
      OrganizationId organizationId, Metric metric, Instant periodStart, int threshold) {
    static AlertKey of(UsageAlert a) {
      return new AlertKey(a.organizationId(), a.metric(), a.periodStart(), a.threshold());
    }
  }
}

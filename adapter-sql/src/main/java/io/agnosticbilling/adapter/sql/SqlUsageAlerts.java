package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Adapter: usage alerts in {@code usage_alerts}, the primary key making each one once. */
public final class SqlUsageAlerts implements UsageAlerts {
  private static final String TABLE = "usage_alerts";

  private final Database db;

  SqlUsageAlerts(Database db) {
    this.db = db;
  }

  @Override
  public boolean recordOnce(UsageAlert alert) {
    return recordOnce(alert, List.of());
  }

  /** The alert and, only when it is new, its notifications' outbox rows: one write. */
  @Override
  public boolean recordOnce(UsageAlert alert, List<Notification> notifications) {
    return db.write(
        h -> {
          boolean recorded =
              h.update(
                      "INSERT INTO usage_alerts (organization_id, metric, period_start, threshold,"
                          + " used, limit_value, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                          + " ON CONFLICT (organization_id, metric, period_start, threshold)"
                          + " DO NOTHING",
                      alert.organizationId().value(),
                      alert.metric().key(),
                      Micros.of(alert.periodStart()),
                      alert.threshold(),
                      alert.used(),
                      alert.limit(),
                      Micros.of(alert.at()))
                  == 1;
          if (recorded) {
            SqlNotificationOutbox.insert(h, notifications);
          }
          return recorded;
        });
  }

  @Override
  public List<UsageAlert> list(OrganizationId organizationId, Instant periodStart) {
    return db.read(
        h ->
            h.list(
                "SELECT organization_id, metric, period_start, threshold, used, limit_value, at"
                    + " FROM usage_alerts WHERE organization_id = ? AND period_start = ?"
                    + " ORDER BY at, threshold",
                SqlUsageAlerts::read,
                organizationId.value(),
                Micros.of(periodStart)));
  }

  private static UsageAlert read(ResultSet rs) throws SQLException {
    StoredRow row =
        StoredRow.keyed(
            TABLE,
            rs.getString("organization_id")
                + "|"
                + rs.getString("metric")
                + "|"
                + rs.getString("period_start")
                + "|"
                + rs.getString("threshold"),
            rs);
    try {
      return new UsageAlert(
          row.parsed("organization_id", OrganizationId::of),
          row.named("metric", Metric::fromKey),
          row.instant("period_start"),
          row.intValue("threshold"),
          row.longValue("used"),
          row.longValue("limit_value"),
          row.instant("at"));
    } catch (IllegalArgumentException e) {
      throw row.rejected(e);
    }
  }
}

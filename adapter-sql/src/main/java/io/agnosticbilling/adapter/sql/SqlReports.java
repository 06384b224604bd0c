package io.agnosticbilling.adapter.sql;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookStats;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adapter: the reporting reads behind operator metrics, apart from the ports the hot paths use:
 * counts grouped by each organization's current subscription, webhook and Checkout counts. Every
 * query reads committed data on a read connection.
 */
public final class SqlReports implements BillingReports {
  private static final String LIVEMODE_MISMATCH = WebhookLog.LIVEMODE_MISMATCH;

  private final Database db;

  SqlReports(Database db) {
    this.db = db;
  }

  @Override
  public SubscriptionStats subscriptionStats(StatsWindow window) {
    long now = Micros.of(window.now());
    long dayStart = Micros.of(window.dayStart());
    long churnStart = Micros.of(window.churnWindowStart());
    long graceCutoff = Micros.of(window.graceCutoff());
    return db.read(
        h -> {
          long total = h.number("SELECT COUNT(*) FROM organizations");
          List<SubscriptionStats.Group> groups =
              h.list(
                  "SELECT current_status, current_plan, current_cancel_at_period_end,"
                      + " CASE WHEN current_period_end <= ? THEN 1 ELSE 0 END AS period_ended,"
                      // Rows written before migration 8 count grace from the period start.
                      + " CASE WHEN COALESCE(current_grace_starts_at, current_period_start) > ?"
                      + " THEN 1 ELSE 0 END AS within_grace,"
                      + " CASE WHEN current_period_end - current_period_start > ? THEN 1 ELSE 0"
                      + " END AS yearly,"
                      + " COUNT(*) AS n, MIN(id) AS example_id FROM organizations"
                      + " WHERE current_status IS NOT NULL"
                      + " GROUP BY 1, 2, 3, 4, 5, 6",
                  rs -> {
                    // Group keys are stored values: a bad one is reported on a row holding it.
                    StoredRow row = StoredRow.of(OrganizationMapper.TABLE, "example_id", rs);
                    return new SubscriptionStats.Group(
                        row.named("current_status", SubscriptionStatus::fromWireName),
                        row.parsed("current_plan", PlanId::of),
                        row.bool("current_cancel_at_period_end"),
                        row.bool("period_ended"),
                        row.bool("within_grace"),
                        row.bool("yearly"),
                        row.longValue("n"));
                  },
                  now,
                  graceCutoff,
                  SubscriptionStats.YEARLY_PERIOD.toNanos() / 1_000);
          long startedToday =
              h.number(
                  "SELECT COUNT(*) FROM organization_subscriptions WHERE started_at >= ?",
                  dayStart);
          long canceledInWindow =
              h.number(
                  "SELECT COUNT(*) FROM organization_subscriptions WHERE canceled_at >= ?",
                  churnStart);
          long paidAtWindowStart =
              h.number(
                  "SELECT COUNT(*) FROM organization_subscriptions WHERE started_at < ?"
                      + " AND (canceled_at IS NULL OR canceled_at >= ?)"
                      + " AND status NOT IN (?, ?)",
                  churnStart,
                  churnStart,
                  SubscriptionStatus.INCOMPLETE.wireName(),
                  SubscriptionStatus.INCOMPLETE_EXPIRED.wireName());
          return new SubscriptionStats(
              total, groups, startedToday, canceledInWindow, paidAtWindowStart);
        });
  }

  @Override
  public WebhookStats webhookStats(Instant hourAgo, Instant dayStart) {
    long hour = Micros.of(hourAgo);
    long day = Micros.of(dayStart);
    return db.read(
        h -> {
          Map<String, Long> byType = new HashMap<>();
          for (Object[] row :
              h.list(
                  "SELECT type, COUNT(*) FROM webhook_log WHERE received_at >= ? GROUP BY type",
                  rs -> new Object[] {rs.getString(1), rs.getLong(2)},
                  day)) {
            byType.put((String) row[0], (Long) row[1]);
          }
          Map<String, Long> processedByType = new HashMap<>();
          for (Object[] row :
              h.list(
                  "SELECT type, COUNT(*) FROM webhook_log WHERE received_at >= ? AND status = ?"
                      + " GROUP BY type",
                  rs -> new Object[] {rs.getString(1), rs.getLong(2)},
                  day,
                  WebhookStatus.PROCESSED.wireName())) {
            processedByType.put((String) row[0], (Long) row[1]);
          }
          return new WebhookStats(
              h.number("SELECT COUNT(*) FROM webhook_log WHERE received_at >= ?", hour),
              byType.values().stream().mapToLong(Long::longValue).sum(),
              h.number(
                  "SELECT COUNT(*) FROM webhook_log WHERE status = ? AND received_at >= ?",
                  WebhookStatus.ERROR.wireName(),
                  day),
              h.number(
                  "SELECT COUNT(*) FROM webhook_log WHERE status = ? AND received_at >= ?"
                      + " AND detail = ?",
                  WebhookStatus.IGNORED.wireName(),
                  day,
                  LIVEMODE_MISMATCH),
              byType,
              processedByType);
        });
  }

  @Override
  public CheckoutCounts checkoutCounts(Instant since) {
    long at = Micros.of(since);
    return db.read(
        h ->
            new CheckoutCounts(
                h.number("SELECT COUNT(*) FROM checkout_sessions WHERE created_at >= ?", at),
                h.number("SELECT COUNT(*) FROM checkout_sessions WHERE confirmed_at >= ?", at)));
  }
}

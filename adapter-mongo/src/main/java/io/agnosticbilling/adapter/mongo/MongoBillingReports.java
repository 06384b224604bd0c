package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookStats;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Adapter: the reporting reads as aggregations over the {@code organizations}, {@code webhook_logs}
 * and {@code checkout_sessions} collections, computed by the database.
 */
public final class MongoBillingReports implements BillingReports {
  private static final String CURRENT = "billing.current";

  private final MongoCollection<Document> organizations;
  private final MongoCollection<Document> webhookLogs;
  private final MongoCollection<Document> checkoutSessions;

  public MongoBillingReports(MongoDatabase database) {
    this.organizations = database.getCollection(Schema.ORGANIZATIONS);
    this.webhookLogs = database.getCollection(Schema.WEBHOOK_LOGS);
    this.checkoutSessions = database.getCollection(Schema.CHECKOUT_SESSIONS);
  }

  @Override
  public SubscriptionStats subscriptionStats(StatsWindow window) {
    Document groupKey =
        new Document("status", "$" + CURRENT + ".status")
            .append("plan", "$" + CURRENT + ".plan")
            .append("cancelAtPeriodEnd", "$" + CURRENT + ".cancelAtPeriodEnd")
            .append(
                "periodEnded",
                new Document(
                    "$lte", List.of("$" + CURRENT + ".currentPeriodEnd", date(window.now()))))
            .append(
                "withinGrace",
                new Document(
                    "$gt",
                    List.of(
                        new Document(
                            "$ifNull",
                            List.of(
                                "$" + CURRENT + ".graceStartsAt",
                                "$" + CURRENT + ".currentPeriodStart")),
                        date(window.graceCutoff()))))
            .append(
                "yearly",
                new Document(
                    "$gt",
                    List.of(
                        new Document(
                            "$subtract",
                            List.of(
                                "$" + CURRENT + ".currentPeriodEnd",
                                "$" + CURRENT + ".currentPeriodStart")),
                        SubscriptionStats.YEARLY_PERIOD.toMillis())));
    Bson paidAtWindowStart =
        Filters.and(
            Filters.lt("billing.subscriptions.startedAt", date(window.churnWindowStart())),
            Filters.not(
                Filters.lt("billing.subscriptions.canceledAt", date(window.churnWindowStart()))),
            Filters.nin(
                "billing.subscriptions.status",
                SubscriptionStatus.INCOMPLETE.wireName(),
                SubscriptionStatus.INCOMPLETE_EXPIRED.wireName()));
    Document facets =
        organizations
            .aggregate(
                List.of(
                    Aggregates.facet(
                        new Facet("total", Aggregates.count("n")),
                        new Facet(
                            "groups",
                            Aggregates.match(Filters.exists(CURRENT)),
                            Aggregates.group(
                                groupKey,
                                Accumulators.sum("n", 1),
                                Accumulators.first("exampleId", "$_id"))),
                        subscriptionsCounted(
                            "startedToday",
                            Filters.gte(
                                "billing.subscriptions.startedAt", date(window.dayStart()))),
                        subscriptionsCounted(
                            "canceledInWindow",
                            Filters.gte(
                                "billing.subscriptions.canceledAt",
                                date(window.churnWindowStart()))),
                        subscriptionsCounted("paidAtWindowStart", paidAtWindowStart))))
            .first();
    List<SubscriptionStats.Group> groups = new ArrayList<>();
    for (Document group : facets.getList("groups", Document.class)) {
      groups.add(group(group));
    }
    return new SubscriptionStats(
        count(facets, "total"),
        groups,
        count(facets, "startedToday"),
        count(facets, "canceledInWindow"),
        count(facets, "paidAtWindowStart"));
  }

  @Override
  public WebhookStats webhookStats(Instant hourAgo, Instant dayStart) {
    Bson today = Filters.gte("createdAt", date(dayStart));
    Map<String, Long> byType = countByType(today, "received today by type");
    Map<String, Long> processedByType =
        countByType(
            Filters.and(today, Filters.eq("status", WebhookStatus.PROCESSED.wireName())),
            "processed today by type");
    return new WebhookStats(
        webhookLogs.countDocuments(Filters.gte("createdAt", date(hourAgo))),
        byType.values().stream().mapToLong(Long::longValue).sum(),
        webhookLogs.countDocuments(
            Filters.and(today, Filters.eq("status", WebhookStatus.ERROR.wireName()))),
        webhookLogs.countDocuments(
            Filters.and(
                today,
                Filters.eq("status", WebhookStatus.IGNORED.wireName()),
                Filters.eq("detail", WebhookLog.LIVEMODE_MISMATCH))),
        byType,
        processedByType);
  }

  private Map<String, Long> countByType(Bson filter, String what) {
    Map<String, Long> byType = new HashMap<>();
    for (Document row :
        webhookLogs.aggregate(
            List.of(
                Aggregates.match(filter), Aggregates.group("$type", Accumulators.sum("n", 1))))) {
      StoredDocument r = StoredDocument.of(Schema.WEBHOOK_LOGS + " (" + what + ")", row);
      byType.put(r.string("_id"), r.longValue("n"));
    }
    return byType;
  }

  @Override
  public CheckoutCounts checkoutCounts(Instant since) {
    return new CheckoutCounts(
        checkoutSessions.countDocuments(Filters.gte("createdAt", date(since))),
        checkoutSessions.countDocuments(Filters.gte("confirmedAt", date(since))));
  }

  private static SubscriptionStats.Group group(Document row) {
    // Group keys are stored values: a bad status or plan is reported on one document holding it.
    Document asStored =
        new Document("_id", row.get("exampleId"))
            .append("billing", new Document("current", row.get("_id", Document.class)));
    StoredDocument key =
        StoredDocument.of(Schema.ORGANIZATIONS, asStored).sub("billing").sub("current");
    return new SubscriptionStats.Group(
        key.named("status", SubscriptionStatus::fromWireName),
        key.parsed("plan", PlanId::of),
        key.bool("cancelAtPeriodEnd"),
        key.bool("periodEnded"),
        key.bool("withinGrace"),
        key.bool("yearly"),
        row.get("n", Number.class).longValue());
  }

  private static long count(Document facets, String name) {
    List<Document> rows = facets.getList(name, Document.class);
    return rows.isEmpty() ? 0 : rows.get(0).get("n", Number.class).longValue();
  }

  /** A facet counting every subscription (of any organization) that matches {@code filter}. */
  private static Facet subscriptionsCounted(String name, Bson filter) {
    return new Facet(
        name,
        Aggregates.unwind("$billing.subscriptions"),
        Aggregates.match(filter),
        Aggregates.count("n"));
  }
}

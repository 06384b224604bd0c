package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.usage.UsageAlert;
import org.bson.Document;

/** Maps usage alerts to documents of {@code usage_alerts}. */
final class UsageAlertMapper {
  private UsageAlertMapper() {}

  static Document toDocument(UsageAlert alert) {
    return new Document("organizationId", alert.organizationId().value())
        .append("metric", alert.metric().key())
        .append("periodStart", date(alert.periodStart()))
        .append("threshold", alert.threshold())
        .append("used", alert.used())
        .append("limit", alert.limit())
        .append("at", date(alert.at()));
  }

  static UsageAlert fromDocument(Document document) {
    StoredDocument d = StoredDocument.of(Schema.USAGE_ALERTS, document);
    try {
      return new UsageAlert(
          d.parsed("organizationId", OrganizationId::of),
          d.named("metric", Metric::fromKey),
          d.instant("periodStart"),
          d.intValue("threshold"),
          d.longValue("used"),
          d.longValue("limit"),
          d.instant("at"));
    } catch (IllegalArgumentException e) {
      throw d.rejected(e);
    }
  }
}

package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Adapter: usage alerts in {@code usage_alerts}; a unique index on organization, metric, period
 * start and threshold lets exactly one concurrent insert record an alert.
 */
public final class MongoUsageAlerts implements UsageAlerts {
  private final MongoCollection<Document> collection;

  public MongoUsageAlerts(MongoDatabase database) {
    this.collection = database.getCollection(Schema.USAGE_ALERTS);
  }

  @Override
  public boolean recordOnce(UsageAlert alert) {
    return recordOnce(alert, List.of());
  }

  /**
   * One single-document insert: the alert with its notifications embedded under {@code outbox}
   * (relayed by {@link MongoNotificationOutbox}); a duplicate alert inserts neither.
   */
  @Override
  public boolean recordOnce(UsageAlert alert, List<Notification> notifications) {
    Document document = UsageAlertMapper.toDocument(alert);
    if (!notifications.isEmpty()) {
      document.append(NotificationMapper.EMBEDDED, NotificationMapper.embedded(notifications));
    }
    try {
      collection.insertOne(document);
      return true;
    } catch (MongoException e) {
      if (DuplicateKey.is(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public List<UsageAlert> list(OrganizationId organizationId, Instant periodStart) {
    List<UsageAlert> alerts = new ArrayList<>();
    for (Document d :
        collection
            .find(
                Filters.and(
                    Filters.eq("organizationId", organizationId.value()),
                    Filters.eq("periodStart", date(periodStart))))
            .sort(Sorts.ascending("at", "_id"))) {
      alerts.add(UsageAlertMapper.fromDocument(d));
    }
    return alerts;
  }
}

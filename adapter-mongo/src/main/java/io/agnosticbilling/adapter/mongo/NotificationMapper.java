package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.adapter.mongo.StoredDocument.date;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Maps notifications: embedded under {@code outbox} in the document whose write caused them, and as
 * documents of {@code notifications} once relayed there.
 */
final class NotificationMapper {
  static final String EMBEDDED = "outbox";

  private NotificationMapper() {}

  /** The notification as embedded in its cause's document. */
  static Document embedded(Notification n) {
    return new Document("id", n.id())
        .append("type", n.type().wireName())
        .append("organizationId", n.organizationId().value())
        .append("createdAt", date(n.createdAt()))
        .append("data", n.data().toJson());
  }

  static List<Document> embedded(List<Notification> notifications) {
    return notifications.stream().map(NotificationMapper::embedded).toList();
  }

  /** A pending entry of {@code notifications} for an embedded notification. */
  static Document pending(Document embedded) {
    return new Document("_id", embedded.get("id"))
        .append("type", embedded.get("type"))
        .append("organizationId", embedded.get("organizationId"))
        .append("createdAt", embedded.get("createdAt"))
        .append("data", embedded.get("data"))
        .append("status", OutboxStatus.PENDING.wireName())
        .append("attempts", 0)
        .append("nextAttemptAt", embedded.get("createdAt"))
        .append("channelsDone", List.of())
        .append("updatedAt", embedded.get("createdAt"));
  }

  static OutboxEntry fromDocument(Document document) {
    StoredDocument d = StoredDocument.of(Schema.NOTIFICATIONS, document);
    try {
      Notification notification =
          new Notification(
              d.string("_id"),
              d.named("type", NotificationType::fromWireName),
              d.parsed("organizationId", OrganizationId::of),
              d.instant("createdAt"),
              d.parsed("data", NotificationData::fromJson));
      List<?> done = document.getList("channelsDone", Object.class, List.of());
      Set<String> channels = new LinkedHashSet<>();
      done.forEach(c -> channels.add(String.valueOf(c)));
      return new OutboxEntry(
          notification,
          d.named("status", OutboxStatus::fromWireName),
          d.intValue("attempts"),
          d.instant("nextAttemptAt"),
          channels,
          d.optionalString("lastError"),
          d.instant("updatedAt"),
          d.optionalInstant("deliveredAt"));
    } catch (IllegalArgumentException e) {
      throw d.rejected(e);
    }
  }
}

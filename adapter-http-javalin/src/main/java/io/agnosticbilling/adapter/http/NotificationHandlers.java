package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.port.in.ListNotifications;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Handlers of {@code /api/admin/notifications}: the outbox for operators (by status, newest first,
 * with counts) and the retry of a failed delivery.
 */
final class NotificationHandlers {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,200}");

  private final ListNotifications notifications;

  NotificationHandlers(ListNotifications notifications) {
    this.notifications = notifications;
  }

  ApiResponse list(ApiCall call) {
    Optional<OutboxStatus> status =
        call.query("status")
            .map(
                s ->
                    OutboxStatus.fromWireName(s)
                        .orElseThrow(
                            () ->
                                ApiException.invalid(
                                    "status",
                                    "'status' must be one of "
                                        + Arrays.stream(OutboxStatus.values())
                                            .map(OutboxStatus::wireName)
                                            .toList())));
    int offset = call.intQuery("offset", 0, 0, OperatorHandlers.MAX_OFFSET);
    int limit =
        call.intQuery(
            "limit", OperatorHandlers.DEFAULT_PAGE_SIZE, 1, OperatorHandlers.MAX_PAGE_SIZE);
    // One entry past the page tells whether there is a next page without a count query.
    List<OutboxEntry> entries = notifications.notifications(status, offset, limit + 1);
    boolean more = entries.size() > limit;
    Map<String, Long> counts =
        notifications.notificationCounts().entrySet().stream()
            .collect(
                Collectors.toMap(
                    e -> e.getKey().wireName(), Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    return ApiResponse.ok(
        new PageJson(
            entries.stream().limit(limit).map(NotificationHandlers::json).toList(),
            counts,
            offset,
            limit,
            more ? offset + limit : null));
  }

  ApiResponse retry(ApiCall call) {
    String id = call.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw ApiException.invalid("id", "'id' is not a notification id");
    }
    return ApiResponse.ok(json(notifications.retryNotification(id)));
  }

  static EntryJson json(OutboxEntry e) {
    return new EntryJson(
        e.id(),
        e.notification().type().wireName(),
        e.notification().organizationId().value(),
        e.notification().createdAt(),
        e.notification().data().values(),
        e.status().wireName(),
        e.attempts(),
        e.nextAttemptAt(),
        e.lastError().orElse(null),
        List.copyOf(e.channelsDone()),
        e.deliveredAt().orElse(null));
  }

  record EntryJson(
      String id,
      String type,
      String organizationId,
      Instant createdAt,
      Map<String, Object> data,
      String status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String lastError,
      List<String> channelsDone,
      @Nullable Instant deliveredAt) {}

  record PageJson(
      List<EntryJson> items, Map<String, Long> counts, int offset, int limit, Integer nextOffset) {}
}

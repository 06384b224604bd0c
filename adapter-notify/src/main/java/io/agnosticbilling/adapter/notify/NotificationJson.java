package io.agnosticbilling.adapter.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agnosticbilling.domain.notification.Notification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body a webhook receiver gets: {@code id}, {@code type}, {@code createdAt} (ISO-8601),
 * {@code organizationId} and the flat {@code data} object.
 */
public final class NotificationJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NotificationJson() {}

  public static String of(Notification n) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", n.id());
    body.put("type", n.type().wireName());
    body.put("createdAt", n.createdAt().toString());
    body.put("organizationId", n.organizationId().value());
    body.put("data", n.data().values());
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notification could not be written as JSON", e);
    }
  }
}

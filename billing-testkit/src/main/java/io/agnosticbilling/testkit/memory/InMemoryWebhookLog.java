package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Adapter: the webhook log in memory; claims and finishes are atomic per event id. */
public final class InMemoryWebhookLog implements WebhookLog {
  private static final Comparator<WebhookLogEntry> NEWEST_FIRST =
      Comparator.comparing(WebhookLogEntry::receivedAt)
          .thenComparing(WebhookLogEntry::eventId)
          .reversed();

  private final ConcurrentHashMap<String, WebhookLogEntry> byEventId = new ConcurrentHashMap<>();

  @Override
  public Claim claim(IncomingEvent event, Instant now, Duration lease) {
    Objects.requireNonNull(event, "'event' must not be null");
    Objects.requireNonNull(now, "'now' must not be null");
    Objects.requireNonNull(lease, "'lease' must not be null");
    if (lease.isNegative()) {
      throw new IllegalArgumentException("'lease' must not be negative");
    }
    Claim[] answer = new Claim[1];
    byEventId.compute(
        event.header().id(),
        (id, entry) -> {
          if (entry == null) {
            WebhookLogEntry fresh = newEntry(event, now);
            answer[0] = new Claim.Claimed(fresh);
            return fresh;
          }
          if (entry.status().isFinished()) {
            answer[0] = new Claim.AlreadyFinished(entry);
            return entry;
          }
          boolean leaseExpired = !entry.claimedAt().isAfter(now.minus(lease));
          if (entry.status() == WebhookStatus.PROCESSING && !leaseExpired) {
            answer[0] = new Claim.InProgress(entry);
            return entry;
          }
          WebhookLogEntry reclaimed = reclaim(entry, now);
          answer[0] = new Claim.Claimed(reclaimed);
          return reclaimed;
        });
    return answer[0];
  }

  private static WebhookLogEntry newEntry(IncomingEvent event, Instant now) {
    EventHeader h = event.header();
    return new WebhookLogEntry(
        h.id(),
        h.type(),
        WebhookStatus.PROCESSING,
        1,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        h.created(),
        h.livemode(),
        event.payload(),
        now,
        now,
        now);
  }

  private static WebhookLogEntry reclaim(WebhookLogEntry e, Instant now) {
    return new WebhookLogEntry(
        e.eventId(),
        e.type(),
        WebhookStatus.PROCESSING,
        e.attempts() + 1,
        e.error(),
        e.detail(),
        e.organizationId(),
        e.eventCreated(),
        e.livemode(),
        e.payload(),
        e.receivedAt(),
        now,
        now);
  }

  @Override
  public boolean finish(
      String eventId,
      int attempt,
      WebhookStatus status,
      Optional<OrganizationId> organizationId,
      Optional<String> detail,
      Optional<String> error,
      Instant now) {
    Objects.requireNonNull(eventId, "'eventId' must not be null");
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    Objects.requireNonNull(detail, "'detail' must not be null");
    Objects.requireNonNull(error, "'error' must not be null");
    Objects.requireNonNull(now, "'now' must not be null");
    if (status == WebhookStatus.PROCESSING) {
      throw new IllegalArgumentException(
          "'status' must be processed, ignored, stale or error, not processing");
    }
    boolean[] finished = new boolean[1];
    byEventId.computeIfPresent(
        eventId,
        (id, e) -> {
          if (e.status() != WebhookStatus.PROCESSING || e.attempts() != attempt) {
            return e;
          }
          finished[0] = true;
          return new WebhookLogEntry(
              e.eventId(),
              e.type(),
              status,
              e.attempts(),
              error,
              detail,
              organizationId,
              e.eventCreated(),
              e.livemode(),
              e.payload(),
              e.receivedAt(),
              e.claimedAt(),
              now);
        });
    return finished[0];
  }

  @Override
  public Optional<WebhookLogEntry> find(String eventId) {
    return Optional.ofNullable(byEventId.get(eventId));
  }

  @Override
  public List<WebhookLogEntry> list(Optional<WebhookStatus> status, int offset, int limit) {
    Objects.requireNonNull(status, "'status' must not be null");
    if (offset < 0) {
      throw new IllegalArgumentException("'offset' must not be negative");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("'limit' must be at least 1");
    }
    return byEventId.values().stream()
        .filter(e -> status.map(s -> e.status() == s).orElse(true))
        .sorted(NEWEST_FIRST)
        .skip(offset)
        .limit(limit)
        .toList();
  }

  /** Every entry, for the in-memory reports. */
  List<WebhookLogEntry> all() {
    return List.copyOf(byEventId.values());
  }
}

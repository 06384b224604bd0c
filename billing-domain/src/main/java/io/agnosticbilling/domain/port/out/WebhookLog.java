package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outbound port: the log of provider events, unique by event id; the exactly-once guard. */
public interface WebhookLog {

  /**
   * Claims the event for processing, atomically:
   *
   * <ul>
   *   <li>unknown id: stored as {@code processing}, attempts 1 → {@link Claim.Claimed};
   *   <li>{@code error}: back to {@code processing}, attempts + 1 → {@link Claim.Claimed};
   *   <li>{@code processing} claimed at or before {@code now - lease}: taken over, attempts + 1 →
   *       {@link Claim.Claimed};
   *   <li>{@code processing} claimed after that → {@link Claim.InProgress};
   *   <li>{@code processed}, {@code ignored}, {@code stale} → {@link Claim.AlreadyFinished}.
   * </ul>
   *
   * Of any number of concurrent claims on one id, exactly one is {@code Claimed}.
   */
  Claim claim(IncomingEvent event, Instant now, Duration lease);

  /**
   * Ends the claim numbered {@code attempt} with a finished status ({@code processed}, {@code
   * ignored} or {@code stale}) or {@code error}. Ignored (returns false) when the entry is no
   * longer {@code processing} at that attempt, e.g. because another instance took the lease over.
   */
  boolean finish(
      String eventId,
      int attempt,
      WebhookStatus status,
      Optional<OrganizationId> organizationId,
      Optional<String> detail,
      Optional<String> error,
      Instant now);

  Optional<WebhookLogEntry> find(String eventId);

  /** Entries newest first (by time received), optionally of one status. */
  List<WebhookLogEntry> list(Optional<WebhookStatus> status, int offset, int limit);

  /** The detail recorded on events ignored because their livemode differs from the key's. */
  String LIVEMODE_MISMATCH = "livemode_mismatch";
}

package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Seeds a webhook log for the contracts that need entries in a given state. */
final class WebhookLogSeed {
  static final String DEFAULT_TYPE = "customer.subscription.updated";

  private WebhookLogSeed() {}

  static IncomingEvent event(String id, String type) {
    return new IncomingEvent(anEventHeader().id(id).type(type).build(), "{\"id\":\"" + id + "\"}");
  }

  /** Ends attempt {@code attempt} of {@code id} with {@code status} ({@code error} says boom). */
  static boolean finish(WebhookLog log, String id, int attempt, WebhookStatus status, Instant at) {
    return log.finish(
        id,
        attempt,
        status,
        Optional.empty(),
        Optional.empty(),
        status == WebhookStatus.ERROR ? Optional.of("boom") : Optional.empty(),
        at);
  }

  /** Claims a new event at {@code at} and finishes it there with {@code status}. */
  static void claimAndFinish(
      WebhookLog log, Duration lease, String id, WebhookStatus status, Instant at, String type) {
    Claim claim = log.claim(event(id, type), at, lease);
    assertThat(finish(log, id, claim.entry().attempts(), status, at)).isTrue();
  }
}

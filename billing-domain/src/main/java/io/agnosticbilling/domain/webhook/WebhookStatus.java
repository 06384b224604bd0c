package io.agnosticbilling.domain.webhook;

import java.util.Locale;
import java.util.Optional;

/** States of an event in the webhook log. */
public enum WebhookStatus {
  PROCESSING,
  PROCESSED,
  IGNORED,
  STALE,
  ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Finished events are answered as duplicates; {@code error} may be claimed again. */
  public boolean isFinished() {
    return this == PROCESSED || this == IGNORED || this == STALE;
  }

  public static Optional<WebhookStatus> fromWireName(String name) {
    for (WebhookStatus s : values()) {
      if (s.wireName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

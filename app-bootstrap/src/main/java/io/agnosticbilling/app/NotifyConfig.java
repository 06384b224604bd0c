package io.agnosticbilling.app;

import io.agnosticbilling.adapter.notify.SmtpSettings;
import io.agnosticbilling.domain.notification.NotificationDispatcher;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of outbound notifications: the host app's webhook ({@code NOTIFY_WEBHOOK_URL},
 * {@code NOTIFY_WEBHOOK_SECRET}), email to admins ({@code SMTP_URL}, {@code MAIL_FROM}) and the
 * dispatcher's retries ({@code NOTIFY_MAX_ATTEMPTS}, {@code NOTIFY_RETRY_BASE}, {@code
 * NOTIFY_LEASE}). With no channel, notifications are only listed.
 */
public record NotifyConfig(
    Optional<URI> webhookUrl,
    Optional<String> webhookSecret,
    Optional<SmtpSettings> smtp,
    Optional<String> mailFrom,
    int maxAttempts,
    Duration retryBase,
    Duration lease) {
  static final int DEFAULT_MAX_ATTEMPTS = 10;
  static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(10);
  static final Duration DEFAULT_LEASE = Duration.ofMinutes(1);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);

  public NotifyConfig {
    Objects.requireNonNull(webhookUrl, "'webhookUrl' must not be null");
    Objects.requireNonNull(webhookSecret, "'webhookSecret' must not be null");
    Objects.requireNonNull(smtp, "'smtp' must not be null");
    Objects.requireNonNull(mailFrom, "'mailFrom' must not be null");
    Objects.requireNonNull(retryBase, "'retryBase' must not be null");
    Objects.requireNonNull(lease, "'lease' must not be null");
  }

  /** No channel: notifications are written to the outbox and only listed. */
  public static NotifyConfig off() {
    return new NotifyConfig(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_RETRY_BASE,
        DEFAULT_LEASE);
  }

  public boolean webhook() {
    return webhookUrl.isPresent() && webhookSecret.isPresent();
  }

  public boolean email() {
    return smtp.isPresent() && mailFrom.isPresent();
  }

  /** {@code webhook+email}, {@code webhook}, {@code email} or {@code off}. */
  public String channels() {
    List<String> on = new ArrayList<>();
    if (webhook()) {
      on.add("webhook");
    }
    if (email()) {
      on.add("email");
    }
    return on.isEmpty() ? "off" : String.join("+", on);
  }

  NotificationDispatcher.Settings dispatcherSettings() {
    Duration cap = retryBase.compareTo(MAX_BACKOFF) > 0 ? retryBase : MAX_BACKOFF;
    return new NotificationDispatcher.Settings(
        lease, maxAttempts, retryBase, cap, 20, Duration.ofSeconds(1));
  }

  /** The variables by name, secrets masked. */
  void putMasked(Map<String, String> lines) {
    lines.put(
        "NOTIFY_WEBHOOK_URL",
        webhookUrl.map(URI::toString).orElse("<unset: no webhook notifications>"));
    lines.put("NOTIFY_WEBHOOK_SECRET", webhookSecret.map(s -> "***").orElse("<unset>"));
    lines.put("SMTP_URL", smtp.map(SmtpSettings::masked).orElse("<unset: no email notifications>"));
    lines.put("MAIL_FROM", mailFrom.orElse("<unset>"));
    lines.put("NOTIFY_MAX_ATTEMPTS", Integer.toString(maxAttempts));
    lines.put("NOTIFY_RETRY_BASE", SettingParsers.formatDuration(retryBase));
    lines.put("NOTIFY_LEASE", SettingParsers.formatDuration(lease));
  }
}

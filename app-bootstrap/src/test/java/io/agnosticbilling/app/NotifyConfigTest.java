package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTIFY_*, SMTP_URL and MAIL_FROM: read, validated at start-up, shown with secrets masked. */
class NotifyConfigTest {
  @TempDir Path workDir;

  private BillingConfigLoader.Loaded load(Map<String, String> env) {
    return new BillingConfigLoader().load(env, workDir);
  }

  @Test
  @DisplayName("nothing set: no channel, notifications are only listed; defaults for retries")
  void off() {
    NotifyConfig config = load(Map.of()).config().notifications();

    assertThat(config.channels()).isEqualTo("off");
    assertThat(config.maxAttempts()).isEqualTo(10);
    assertThat(config.retryBase()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.lease()).isEqualTo(Duration.ofMinutes(1));
    assertThat(load(Map.of()).config().summary()).contains("notifications=off");
  }

  @Test
  @DisplayName("both channels configured; config check masks the secret and the SMTP password")
  void bothChannelsMasked() {
    Map<String, String> env = new HashMap<>();
    env.put("NOTIFY_WEBHOOK_URL", "https://app.example.com/hooks/billing");
    env.put("NOTIFY_WEBHOOK_SECRET", "notify-secret-0123456789");
    env.put("SMTP_URL", "smtps://mailer:pa55word@smtp.example.com");
    env.put("MAIL_FROM", "Billing <billing@example.com>");
    env.put("NOTIFY_MAX_ATTEMPTS", "5");
    env.put("NOTIFY_RETRY_BASE", "30s");

    BillingConfig config = load(env).config();

    assertThat(config.notifications().channels()).isEqualTo("webhook+email");
    assertThat(config.notifications().maxAttempts()).isEqualTo(5);
    assertThat(config.masked())
        .containsEntry("NOTIFY_WEBHOOK_URL", "https://app.example.com/hooks/billing")
        .containsEntry("NOTIFY_WEBHOOK_SECRET", "***")
        .containsEntry("SMTP_URL", "smtps://mailer:***@smtp.example.com:465")
        .containsEntry("MAIL_FROM", "Billing <billing@example.com>")
        .containsEntry("NOTIFY_RETRY_BASE", "30s");
    String everything = config.summary() + config.masked() + config;
    assertThat(everything).doesNotContain("pa55word").doesNotContain("notify-secret-0123456789");
    assertThat(config.summary()).contains("notifications=webhook+email");
  }

  @Test
  @DisplayName("every notification problem is listed at once, secrets not shown")
  void problemsListed() {
    Map<String, String> env = new HashMap<>();
    env.put("NOTIFY_WEBHOOK_URL", "ftp://app.example.com/hooks");
    env.put("NOTIFY_WEBHOOK_SECRET", "short");
    env.put("SMTP_URL", "mailto://user:hunter2@example.com");
    env.put("MAIL_FROM", "not an address");
    env.put("NOTIFY_MAX_ATTEMPTS", "0");

    assertThatThrownBy(() -> load(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("NOTIFY_WEBHOOK_URL must be an absolute http(s) URL")
        .hasMessageContaining("NOTIFY_WEBHOOK_SECRET must be at least 16 bytes")
        .hasMessageContaining("SMTP_URL must start with smtp:// or smtps://")
        .hasMessageContaining("MAIL_FROM is not an email address")
        .hasMessageContaining("NOTIFY_MAX_ATTEMPTS must be between 1 and 100")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("a URL without its secret, or SMTP without a sender, is a problem")
  void missingPartners() {
    assertThatThrownBy(
            () -> load(Map.of("NOTIFY_WEBHOOK_URL", "https://app.example.com/hooks/billing")))
        .hasMessageContaining("NOTIFY_WEBHOOK_SECRET is required with NOTIFY_WEBHOOK_URL");
    assertThatThrownBy(() -> load(Map.of("SMTP_URL", "smtp://smtp.example.com:587")))
        .hasMessageContaining("MAIL_FROM is required with SMTP_URL");
    assertThat(load(Map.of("MAIL_FROM", "billing@example.com")).warnings())
        .contains("MAIL_FROM has no effect without SMTP_URL");
  }
}

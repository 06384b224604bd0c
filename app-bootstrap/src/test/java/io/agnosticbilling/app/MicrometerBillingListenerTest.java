package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MicrometerBillingListenerTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerBillingListener listener = new MicrometerBillingListener(registry);

  @Test
  @DisplayName("webhooks are counted by type and outcome, duplicates apart from first deliveries")
  void webhooksByTypeAndOutcome() {
    EventOutcome processed =
        new EventOutcome("evt_1", WebhookStatus.PROCESSED, false, Optional.empty());
    EventOutcome duplicate =
        new EventOutcome("evt_1", WebhookStatus.PROCESSED, true, Optional.empty());

    listener.webhookHandled("customer.subscription.updated", processed);
    listener.webhookHandled("customer.subscription.updated", duplicate);
    listener.webhookHandled("customer.subscription.updated", duplicate);
    listener.webhookRejected("invalid_signature");
    listener.webhookFailed("checkout.session.completed", "event_processing_failed");

    String text = registry.scrape();
    assertThat(text)
        .contains(
            "billing_webhooks_total{outcome=\"processed\",reason=\"none\",type=\"customer.subscription.updated\"} 1.0")
        .contains(
            "billing_webhooks_total{outcome=\"duplicate\",reason=\"none\",type=\"customer.subscription.updated\"} 2.0")
        .contains(
            "billing_webhooks_total{outcome=\"rejected\",reason=\"invalid_signature\",type=\"unverified\"} 1.0")
        .contains(
            "billing_webhooks_total{outcome=\"error\",reason=\"event_processing_failed\",type=\"checkout.session.completed\"} 1.0");
  }

  @Test
  @DisplayName("webhook processing time and every request are timed by route and status")
  void timers() {
    listener.requestCompleted("POST", "/api/webhooks/stripe", 200, Duration.ofMillis(30).toNanos());
    listener.requestCompleted("GET", "/api/billing", 200, Duration.ofMillis(5).toNanos());

    String text = registry.scrape();
    assertThat(text)
        .contains("billing_webhook_processing_seconds_count{status=\"200\"} 1")
        .contains(
            "billing_http_requests_seconds_count{method=\"GET\",route=\"/api/billing\",status=\"200\"} 1");
  }

  @Test
  @DisplayName("checkouts, confirmations and throttled logins are counted")
  void counters() {
    listener.checkoutStarted(PlanId.TEAM);
    listener.checkoutConfirmed();
    listener.loginThrottled();
    listener.loginThrottled();

    String text = registry.scrape();
    assertThat(text)
        .contains("billing_checkouts_started_total{plan=\"team\"} 1.0")
        .contains("billing_checkouts_confirmed_total 1.0")
        .contains("billing_login_throttled_total 2.0");
  }
}

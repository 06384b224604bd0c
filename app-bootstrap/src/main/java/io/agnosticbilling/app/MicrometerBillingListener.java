package io.agnosticbilling.app;

import io.agnosticbilling.adapter.http.BillingHttpListener;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.usage.LimitExceeded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Adapter: counts what the HTTP adapter reports into Micrometer, scraped at {@code GET /metrics}.
 * Tag values come from closed sets (event types Stripe defines, our reasons, route patterns), so
 * the number of series stays bounded.
 */
public final class MicrometerBillingListener implements BillingHttpListener {
  static final String WEBHOOKS = "billing.webhooks";
  static final String WEBHOOK_DURATION = "billing.webhook.processing";
  static final String CHECKOUTS_STARTED = "billing.checkouts.started";
  static final String CHECKOUTS_CONFIRMED = "billing.checkouts.confirmed";
  static final String USAGE_REFUSALS = "billing.usage.refusals";
  static final String LOGIN_THROTTLES = "billing.login.throttled";
  static final String HTTP_REQUESTS = "billing.http.requests";
  private static final String WEBHOOK_ROUTE = "/api/webhooks/stripe";

  private final MeterRegistry registry;

  public MicrometerBillingListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
    // Registered up front so a scrape shows zeros before the first event, not missing series.
    registry.counter(CHECKOUTS_CONFIRMED);
    registry.counter(LOGIN_THROTTLES);
  }

  @Override
  public void webhookHandled(String eventType, EventOutcome outcome) {
    String result =
        outcome.duplicate() ? "duplicate" : outcome.status().name().toLowerCase(Locale.ROOT);
    webhook(eventType, result, "none");
  }

  @Override
  public void webhookRejected(String reason) {
    webhook("unverified", "rejected", reason);
  }

  @Override
  public void webhookFailed(String eventType, String code) {
    webhook(eventType, "error", code);
  }

  private void webhook(String type, String outcome, String reason) {
    registry.counter(WEBHOOKS, "type", type, "outcome", outcome, "reason", reason).increment();
  }

  @Override
  public void checkoutStarted(PlanId plan) {
    registry.counter(CHECKOUTS_STARTED, "plan", plan.value()).increment();
  }

  @Override
  public void checkoutConfirmed() {
    registry.counter(CHECKOUTS_CONFIRMED).increment();
  }

  @Override
  public void limitRefused(LimitExceeded refusal) {
    registry
        .counter(USAGE_REFUSALS, "metric", refusal.metric().key(), "plan", refusal.plan().value())
        .increment();
  }

  @Override
  public void loginThrottled() {
    registry.counter(LOGIN_THROTTLES).increment();
  }

  @Override
  public void requestCompleted(String method, String route, int status, long durationNanos) {
    Duration took = Duration.ofNanos(durationNanos);
    if (WEBHOOK_ROUTE.equals(route)) {
      Timer.builder(WEBHOOK_DURATION)
          .description("time to verify and apply one webhook delivery")
          .tag("status", Integer.toString(status))
          .register(registry)
          .record(took);
    }
    Timer.builder(HTTP_REQUESTS)
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(took);
  }
}

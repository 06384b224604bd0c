package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.usage.LimitExceeded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the injected listener and swallows its failures: counting must never change answers. */
final class SafeListener {
  private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

  private final BillingHttpListener delegate;

  SafeListener(BillingHttpListener delegate) {
    this.delegate = delegate;
  }

  void webhookHandled(String type, EventOutcome outcome) {
    run(() -> delegate.webhookHandled(type, outcome));
  }

  void webhookRejected(String reason) {
    run(() -> delegate.webhookRejected(reason));
  }

  void webhookFailed(String type, String code) {
    run(() -> delegate.webhookFailed(type, code));
  }

  void checkoutStarted(PlanId plan) {
    run(() -> delegate.checkoutStarted(plan));
  }

  void checkoutConfirmed() {
    run(delegate::checkoutConfirmed);
  }

  void limitRefused(LimitExceeded refusal) {
    run(() -> delegate.limitRefused(refusal));
  }

  void loginThrottled() {
    run(delegate::loginThrottled);
  }

  void requestCompleted(String method, String route, int status, long durationNanos) {
    run(() -> delegate.requestCompleted(method, route, status, durationNanos));
  }

  private static void run(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("BillingHttpListener failed; the answer is unchanged", e);
    }
  }
}

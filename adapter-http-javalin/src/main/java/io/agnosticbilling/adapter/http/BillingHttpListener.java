package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.usage.LimitExceeded;

/**
 * Outbound hook: what the HTTP adapter saw, so bootstrap can count it (Micrometer lives there, not
 * here). Every method defaults to doing nothing; a listener that throws never changes an answer.
 */
public interface BillingHttpListener {

  /** Does nothing. */
  BillingHttpListener NONE = new BillingHttpListener() {};

  /** A verified webhook was handled (processed, ignored, stale or a duplicate). */
  default void webhookHandled(String eventType, EventOutcome outcome) {}

  /** A webhook delivery was refused before processing (bad signature, malformed, too large). */
  default void webhookRejected(String reason) {}

  /** A verified webhook failed while being applied; the provider will retry. */
  default void webhookFailed(String eventType, String code) {}

  default void checkoutStarted(PlanId plan) {}

  default void checkoutConfirmed() {}

  /** Usage or a new member was refused by a plan limit. */
  default void limitRefused(LimitExceeded refusal) {}

  /** A login attempt was refused because of too many failures. */
  default void loginThrottled() {}

  /**
   * Every answer of a mounted route.
   *
   * @param route the route pattern, such as {@code /api/billing/checkout/{sessionId}/confirm}
   */
  default void requestCompleted(String method, String route, int status, long durationNanos) {}
}

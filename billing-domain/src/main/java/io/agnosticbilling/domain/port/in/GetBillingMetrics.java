package io.agnosticbilling.domain.port.in;

/** Use case: the operator figures: webhooks, checkouts, subscriptions, churn, revenue. */
public interface GetBillingMetrics {

  BillingMetrics metrics();
}

package io.agnosticbilling.domain.port.in;

/**
 * Use case: compare every provider subscription with local state, apply the provider's where they
 * differ, and report the drift. Safe to run on a schedule and alongside webhooks.
 */
public interface ReconcileSubscriptions {

  DriftReport reconcile();
}

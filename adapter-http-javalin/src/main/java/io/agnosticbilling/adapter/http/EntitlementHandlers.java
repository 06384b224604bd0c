package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.in.GetEntitlements;
import io.agnosticbilling.domain.port.in.OrganizationEntitlements;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Instant;
import java.util.Map;

/** Handler of {@code GET /api/entitlements}: what the caller's organization may use now. */
final class EntitlementHandlers {
  private final GetEntitlements entitlements;

  EntitlementHandlers(GetEntitlements entitlements) {
    this.entitlements = entitlements;
  }

  /**
   * The answer: the effective plan, the subscription's status ({@code null} without one), the
   * trial's end while trialing, every feature key of the catalog, limits and usage.
   */
  record EntitlementsJson(
      String plan,
      @Nullable String status,
      @Nullable Instant trialEnd,
      Map<String, Boolean> features,
      Map<String, Long> limits,
      Map<String, BillingJsonMapper.UsageFigureJson> usage) {}

  ApiResponse entitlements(ApiCall call) {
    OrganizationEntitlements e = entitlements.entitlements(call.organizationId());
    return ApiResponse.ok(
        new EntitlementsJson(
            e.plan().value(),
            e.status().map(SubscriptionStatus::wireName).orElse(null),
            e.trialEnd().orElse(null),
            e.features(),
            BillingJsonMapper.limits(e.limits()),
            BillingJsonMapper.usage(e.usage())));
  }
}

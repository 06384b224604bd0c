package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.CancelSubscription;
import io.agnosticbilling.domain.port.in.ChangePlan;
import io.agnosticbilling.domain.port.in.ConfirmCheckout;
import io.agnosticbilling.domain.port.in.GetBillingOverview;
import io.agnosticbilling.domain.port.in.OpenCustomerPortal;
import io.agnosticbilling.domain.port.in.ResumeSubscription;
import io.agnosticbilling.domain.port.in.StartCheckout;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import java.util.Optional;
import java.util.regex.Pattern;

/** Handlers of {@code /api/billing}: plans, the overview, Checkout, plan changes and the Portal. */
final class BillingHandlers {
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private final PlanCatalog catalog;
  private final GetBillingOverview overview;
  private final StartCheckout startCheckout;
  private final ConfirmCheckout confirmCheckout;
  private final ChangePlan changePlan;
  private final CancelSubscription cancel;
  private final ResumeSubscription resume;
  private final OpenCustomerPortal portal;
  private final SafeListener listener;

  BillingHandlers(Billing billing, SafeListener listener) {
    this.catalog = billing.catalog();
    this.overview = billing;
    this.startCheckout = billing;
    this.confirmCheckout = billing;
    this.changePlan = billing;
    this.cancel = billing;
    this.resume = billing;
    this.portal = billing;
    this.listener = listener;
  }

  ApiResponse plans(ApiCall call) {
    return ApiResponse.ok(BillingJsonMapper.plans(catalog));
  }

  ApiResponse overview(ApiCall call) {
    return overviewAnswer(overview.overview(call.organizationId()));
  }

  ApiResponse startCheckout(ApiCall call) {
    JsonBody body = call.json();
    PlanId plan = planOf(body);
    Optional<BillingInterval> interval =
        body.optionalText("interval")
            .map(
                name ->
                    BillingInterval.fromWireName(name)
                        .orElseThrow(
                            () ->
                                ApiException.invalid(
                                    "interval", "'interval' must be \"month\" or \"year\"")));
    Optional<String> promotionCode = body.optionalText("promotionCode");
    CheckoutSessionCreated created =
        startCheckout.startCheckout(
            call.organizationId(),
            new StartCheckout.CheckoutCommand(
                plan, call.caller().email(), interval, promotionCode));
    listener.checkoutStarted(plan);
    return ApiResponse.created(BillingJsonMapper.checkout(created));
  }

  ApiResponse confirmCheckout(ApiCall call) {
    String sessionId = call.pathParam("sessionId");
    if (!SESSION_ID.matcher(sessionId).matches()) {
      throw ApiException.invalid("sessionId", "'sessionId' is not a Checkout session id");
    }
    BillingOverview result = confirmCheckout.confirmCheckout(call.organizationId(), sessionId);
    listener.checkoutConfirmed();
    return overviewAnswer(result);
  }

  ApiResponse changePlan(ApiCall call) {
    PlanId plan = planOf(call.json());
    return overviewAnswer(changePlan.changePlan(call.organizationId(), plan));
  }

  ApiResponse cancel(ApiCall call) {
    return overviewAnswer(cancel.cancel(call.organizationId()));
  }

  ApiResponse resume(ApiCall call) {
    return overviewAnswer(resume.resume(call.organizationId()));
  }

  ApiResponse portal(ApiCall call) {
    return ApiResponse.created(
        new BillingJsonMapper.UrlJson(portal.openPortal(call.organizationId())));
  }

  private static ApiResponse overviewAnswer(BillingOverview result) {
    return ApiResponse.ok(BillingJsonMapper.overview(result));
  }

  private static PlanId planOf(JsonBody body) {
    String plan = body.requiredText("plan");
    try {
      return PlanId.of(plan);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("plan", e.getMessage());
    }
  }
}

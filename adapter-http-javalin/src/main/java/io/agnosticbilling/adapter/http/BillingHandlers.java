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
import io.agnosticbilling.domain.port.in.ListInvoices;
import io.agnosticbilling.domain.port.in.OpenCustomerPortal;
import io.agnosticbilling.domain.port.in.ResumeSubscription;
import io.agnosticbilling.domain.port.in.StartCheckout;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Handlers of {@code /api/billing}: plans, the overview, Checkout, plan changes (now or at the end
 * of the period), cancel (at the end of the period or now), resume, invoices and the Portal.
 */
final class BillingHandlers {
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final String WHEN_VALUES = "'when' must be \"now\" or \"period_end\"";

  private final PlanCatalog catalog;
  private final GetBillingOverview overview;
  private final StartCheckout startCheckout;
  private final ConfirmCheckout confirmCheckout;
  private final ChangePlan changePlan;
  private final CancelSubscription cancel;
  private final ResumeSubscription resume;
  private final OpenCustomerPortal portal;
  private final ListInvoices invoices;
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
    this.invoices = billing;
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
    JsonBody body = call.json();
    PlanId plan = planOf(body);
    Optional<ChangePlan.When> when =
        body.optionalText("when")
            .map(
                w ->
                    switch (w) {
                      case "now" -> ChangePlan.When.NOW;
                      case "period_end" -> ChangePlan.When.PERIOD_END;
                      default -> throw ApiException.invalid("when", WHEN_VALUES);
                    });
    return overviewAnswer(changePlan.changePlan(call.organizationId(), plan, when));
  }

  ApiResponse cancel(ApiCall call) {
    CancelSubscription.When when =
        call.optionalJson()
            .optionalText("when")
            .map(
                w ->
                    switch (w) {
                      case "now" -> CancelSubscription.When.NOW;
                      case "period_end" -> CancelSubscription.When.PERIOD_END;
                      default -> throw ApiException.invalid("when", WHEN_VALUES);
                    })
            .orElse(CancelSubscription.When.PERIOD_END);
    return overviewAnswer(cancel.cancel(call.organizationId(), when));
  }

  ApiResponse invoices(ApiCall call) {
    int limit = call.intQuery("limit", ListInvoices.DEFAULT_LIMIT, 1, ListInvoices.MAX_LIMIT);
    return ApiResponse.ok(
        invoices.invoices(call.organizationId(), limit).stream()
            .map(BillingJsonMapper::invoice)
            .toList());
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

package io.agnosticbilling.adapter.http;

import static io.agnosticbilling.adapter.http.JsonSchemas.map;
import static io.agnosticbilling.adapter.http.RouteDoc.integer;
import static io.agnosticbilling.adapter.http.RouteDoc.oneOf;
import static io.agnosticbilling.adapter.http.RouteDoc.optional;
import static io.agnosticbilling.adapter.http.RouteDoc.required;
import static io.agnosticbilling.adapter.http.RouteDoc.string;

import io.agnosticbilling.adapter.http.BillingJsonMapper.CheckoutJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.InvoiceJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.MemberJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.OverviewJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.PlanJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.SessionJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.UrlJson;
import io.agnosticbilling.adapter.http.BillingJsonMapper.UsageAllowedJson;
import io.agnosticbilling.adapter.http.HealthHandlers.ReadyJson;
import io.agnosticbilling.adapter.http.HealthHandlers.StatusJson;
import io.agnosticbilling.adapter.http.OperatorJsonMapper.DriftJson;
import io.agnosticbilling.adapter.http.OperatorJsonMapper.MetricsJson;
import io.agnosticbilling.adapter.http.OperatorJsonMapper.OutcomeJson;
import io.agnosticbilling.adapter.http.OperatorJsonMapper.WebhookPageJson;
import io.agnosticbilling.adapter.http.WebhookHandlers.ProbeJson;
import io.agnosticbilling.adapter.http.WebhookHandlers.ReceivedJson;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.port.in.ListInvoices;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where each route is described for the OpenAPI document: summary, body, answers and
 * the problem codes it answers (besides those of its kind, which {@link OpenApiDocument} adds). A
 * route added to {@link JavalinBillingRoutes} gets its entry here, keyed by method and path; {@code
 * OpenApiDocumentTest} fails for a route without one and for an entry without a route. Answer
 * bodies name the answer record, whose schema is read from the record itself.
 */
final class ApiDescriptions {
  private ApiDescriptions() {}

  static Map<String, RouteDoc> all() {
    Map<String, RouteDoc> docs = new LinkedHashMap<>();
    Map<String, Object> email = string("an email address; trimmed and lower-cased");
    Map<String, Object> password = string("8 to 72 bytes in UTF-8");
    Map<String, Object> plan = string("a plan id of GET /api/billing/plans");
    List<String> roles = Arrays.stream(Role.values()).map(Role::wireName).toList();

    docs.put(
        "POST /api/auth/signup",
        new RouteDoc()
            .summary("Create an account and its organization (its admin)")
            .body(
                required("email", email),
                required("password", password),
                required("organizationName", RouteDoc.string(1, 200, "1 to 200 characters")))
            .answer(201, "signed up: a token and who it names", SessionJson.class)
            .problems(400, "invalid_input")
            .problems(409, "email_taken")
            .problems(429, "too_many_signups")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "POST /api/auth/login",
        new RouteDoc()
            .summary("Log in: a fresh token")
            .body(required("email", email), required("password", string("the password")))
            .answer(200, "logged in", SessionJson.class)
            .problems(400, "invalid_input")
            .problems(401, "invalid_credentials")
            .problems(429, "too_many_login_attempts")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "GET /api/billing/plans",
        new RouteDoc()
            .summary("The plans of the catalog (a null limit is unlimited)")
            .answerList(200, "the plans, cheapest first", PlanJson.class));
    docs.put(
        "GET /api/billing",
        new RouteDoc()
            .summary("The organization's billing overview: plan, status, usage, alerts")
            .answer(200, "the overview", OverviewJson.class)
            .problems(500, "stored_data_invalid"));
    docs.put(
        "POST /api/billing/checkout",
        new RouteDoc()
            .summary("Start a Stripe Checkout session for a paid plan")
            .description("Send the browser to `url`; the plan applies when the session completes.")
            .body(
                required("plan", plan),
                optional(
                    "interval",
                    oneOf(List.of("month", "year"), "default: the plan's main interval")),
                optional(
                    "promotionCode",
                    string("a promotion code as a customer types it; applied at Checkout")))
            .answer(201, "the session to pay in", CheckoutJson.class)
            .problems(400, "invalid_input", "interval_not_sold", "invalid_promotion_code")
            .problems(409, "already_subscribed", "concurrent_update")
            .problems(429, "too_many_checkouts")
            .problems(500, "stored_data_invalid")
            .provider());
    docs.put(
        "POST /api/billing/checkout/{sessionId}/confirm",
        new RouteDoc()
            .summary("Apply a completed Checkout session on return (idempotent with the webhook)")
            .answer(200, "the overview after the session", OverviewJson.class)
            .problems(404, "checkout_session_not_found")
            .problems(409, "checkout_not_complete", "concurrent_update")
            .problems(500, "stored_data_invalid", "provider_change_not_saved")
            .provider());
    docs.put(
        "POST /api/billing/change-plan",
        new RouteDoc()
            .summary("Change the live subscription's plan, now or at the end of the period")
            .description(
                "`now` swaps the price with proration; `period_end` schedules it (a Stripe"
                    + " subscription schedule), shown as `scheduledChange` in the overview."
                    + " Without `when`, upgrades happen now and downgrades at the period end. A"
                    + " new change replaces a scheduled one.")
            .body(
                required("plan", plan),
                optional(
                    "when",
                    oneOf(
                        List.of("now", "period_end"),
                        "default: now for upgrades, period_end for downgrades")))
            .answer(200, "the overview after the change", OverviewJson.class)
            .problems(400, "invalid_input")
            .problems(402, "card_declined")
            .problems(
                409, "no_live_subscription", "cancel_scheduled", "no_customer", "concurrent_update")
            .problems(500, "stored_data_invalid", "provider_change_not_saved")
            .provider());
    docs.put(
        "POST /api/billing/cancel",
        subscriptionChange(
                "Cancel at the end of the period, or now",
                "the overview: cancelAtPeriodEnd true, or status canceled when now")
            .body(
                optional(
                    "when",
                    oneOf(
                        List.of("period_end", "now"),
                        "default period_end; the body may be left out")))
            .problems(400, "invalid_input"));
    docs.put(
        "POST /api/billing/resume",
        subscriptionChange(
            "Clear a scheduled cancellation and a scheduled plan change",
            "the overview, cancelAtPeriodEnd false, scheduledChange null"));
    docs.put(
        "GET /api/billing/invoices",
        new RouteDoc()
            .summary("The organization's invoices from Stripe, newest first")
            .description("An organization without a Stripe customer has none (`[]`).")
            .query(
                "limit",
                integer(1, ListInvoices.MAX_LIMIT, "default " + ListInvoices.DEFAULT_LIMIT),
                "invoices to answer")
            .answerList(200, "the invoices", InvoiceJson.class)
            .problems(400, "invalid_input")
            .problems(500, "stored_data_invalid")
            .provider());
    docs.put(
        "POST /api/billing/portal",
        new RouteDoc()
            .summary("Open a Stripe Customer Portal session")
            .answer(201, "the portal to send the browser to", UrlJson.class)
            .problems(409, "no_customer")
            .problems(500, "stored_data_invalid")
            .provider());
    docs.put(
        "POST /api/usage/test-runs",
        new RouteDoc()
            .summary("Count test runs before they start; refused at the plan's limit")
            .description(
                "The same `runId` within a period counts once: the repeat answers the first"
                    + " decision with `replayed: true`.")
            .body(
                required("runId", RouteDoc.string(1, 200, "the caller's id of the run")),
                optional("quantity", integer(1, UsageHandlers.MAX_QUANTITY, "default 1")))
            .answer(201, "allowed and counted", UsageAllowedJson.class)
            .problems(400, "invalid_input")
            .problems(402, "limit_exceeded")
            .problems(409, "concurrent_update")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "GET /api/entitlements",
        new RouteDoc()
            .summary("What the organization may use now: effective plan, features, limits, usage")
            .description(
                "`features` names every feature key of the catalog: true when the effective plan"
                    + " grants it. `trialEnd` is set while the subscription is trialing.")
            .answer(200, "the entitlements", EntitlementHandlers.EntitlementsJson.class)
            .problems(500, "stored_data_invalid"));
    docs.put(
        "GET /api/organization/members",
        new RouteDoc()
            .summary("The organization's members, oldest first")
            .answerList(200, "the members", MemberJson.class)
            .problems(500, "stored_data_invalid"));
    docs.put(
        "POST /api/organization/members",
        new RouteDoc()
            .summary("Add a member (an account of this organization)")
            .body(
                required("email", email),
                required("password", password),
                optional("role", oneOf(roles, "default member")))
            .answer(201, "the new member", MemberJson.class)
            .problems(400, "invalid_input")
            .problems(402, "limit_exceeded")
            .problems(409, "email_taken", "concurrent_update")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "PATCH /api/organization/members/{userId}",
        new RouteDoc()
            .summary("Change a member's role; never the organization's last admin")
            .description(
                "Reaches the member's tokens at once. Another organization's member is 404.")
            .body(required("role", oneOf(roles, "the new role")))
            .answer(200, "the member with its new role", MemberJson.class)
            .problems(400, "invalid_input")
            .problems(404, "member_not_found")
            .problems(409, "last_admin", "concurrent_update")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "DELETE /api/organization/members/{userId}",
        new RouteDoc()
            .summary("Remove a member, freeing its seat; never the organization's last admin")
            .description(
                "The removed member's tokens are refused (401) from the next call on. Another"
                    + " organization's member is 404.")
            .noContent(204, "removed")
            .problems(400, "invalid_input")
            .problems(404, "member_not_found")
            .problems(409, "last_admin", "concurrent_update")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "POST /api/webhooks/stripe",
        new RouteDoc()
            .summary("Stripe's webhook deliveries (raw body, signed)")
            .description("At most 1 MiB. Answered 5xx when processing failed, so Stripe retries.")
            .header("Stripe-Signature", true, "t=<seconds>,v1=<HMAC-SHA256 hex>")
            .rawBody("application/json", map("type", "object", "description", "a Stripe event"))
            .answer(200, "received (duplicate: already finished, no effect)", ReceivedJson.class)
            .problems(
                400,
                "missing_signature",
                "invalid_signature",
                "timestamp_out_of_tolerance",
                "malformed_payload",
                "not_configured")
            .problems(409, "event_in_progress")
            .problems(500, "event_processing_failed", "stored_data_invalid"));
    docs.put(
        "GET /api/webhooks/test",
        new RouteDoc()
            .summary("Whether the webhook endpoint is reachable and configured")
            .answer(200, "reachable", ProbeJson.class));
    docs.put(
        "GET /api/admin/metrics",
        new RouteDoc()
            .summary("Billing metrics: webhooks, checkouts, subscriptions, MRR")
            .answer(200, "the metrics", MetricsJson.class)
            .problems(500, "stored_data_invalid"));
    docs.put(
        "GET /api/admin/webhooks",
        new RouteDoc()
            .summary("The webhook log, newest first, paginated")
            .query(
                "status",
                oneOf(
                    Arrays.stream(WebhookStatus.values()).map(WebhookStatus::wireName).toList(),
                    "only entries of this status"),
                "filter")
            .query("offset", integer(0, 1_000_000, "default 0"), "entries to skip")
            .query(
                "limit",
                integer(1, OperatorHandlers.MAX_PAGE_SIZE, "default 50"),
                "entries per page")
            .answer(200, "one page", WebhookPageJson.class)
            .problems(400, "invalid_input")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "POST /api/admin/webhooks/{eventId}/replay",
        new RouteDoc()
            .summary("Process an event in error again")
            .answer(200, "the outcome", OutcomeJson.class)
            .problems(404, "event_not_found")
            .problems(409, "event_not_replayable", "event_in_progress")
            .problems(500, "event_processing_failed", "stored_data_invalid"));
    docs.put(
        "POST /api/admin/reconcile",
        new RouteDoc()
            .summary("Compare every Stripe subscription with the stored state and repair drift")
            .answer(200, "the drift report", DriftJson.class)
            .problems(500, "stored_data_invalid")
            .provider());
    docs.put(
        "GET /api/admin/notifications",
        new RouteDoc()
            .summary("The notification outbox, newest first, with the count of each status")
            .query(
                "status",
                oneOf(
                    Arrays.stream(OutboxStatus.values()).map(OutboxStatus::wireName).toList(),
                    "only notifications of this status"),
                "filter")
            .query("offset", integer(0, 1_000_000, "default 0"), "entries to skip")
            .query(
                "limit",
                integer(1, OperatorHandlers.MAX_PAGE_SIZE, "default 50"),
                "entries per page")
            .answer(200, "one page and the counts", NotificationHandlers.PageJson.class)
            .problems(400, "invalid_input")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "POST /api/admin/notifications/{id}/retry",
        new RouteDoc()
            .summary("Make a failed notification pending again, due now, attempts reset")
            .answer(200, "the notification as listed", NotificationHandlers.EntryJson.class)
            .problems(400, "invalid_input")
            .problems(404, "notification_not_found")
            .problems(409, "notification_not_failed")
            .problems(500, "stored_data_invalid"));
    docs.put(
        "GET /health",
        new RouteDoc()
            .summary("Liveness: 200 while the process runs")
            .answer(200, "alive", StatusJson.class));
    docs.put(
        "GET /health/ready",
        new RouteDoc()
            .summary("Readiness: the store (and Redis when configured) answer")
            .answer(200, "ready", ReadyJson.class)
            .problems(503, "not_ready"));
    docs.put(
        "GET /openapi.json",
        new RouteDoc()
            .summary("This document (OpenAPI 3.1)")
            .answer(
                200,
                "the OpenAPI document of every route served",
                "application/json",
                map("type", "object", "required", List.of("openapi", "info", "paths"))));
    docs.put(
        "GET /metrics",
        new RouteDoc()
            .summary("Prometheus metrics")
            .description(
                "Open, or behind `Authorization: Bearer <METRICS_TOKEN>` when the server sets"
                    + " one.")
            .answer(200, "Prometheus text format", "text/plain", map("type", "string")));
    return docs;
  }

  /** A change of the live subscription at Stripe, answered with the overview. */
  private static RouteDoc subscriptionChange(String summary, String answer) {
    return new RouteDoc()
        .summary(summary)
        .answer(200, answer, OverviewJson.class)
        .problems(409, "no_live_subscription", "no_customer", "concurrent_update")
        .problems(500, "stored_data_invalid", "provider_change_not_saved")
        .provider();
  }
}

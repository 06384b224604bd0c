package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.port.out.AlertPublisher;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PasswordHasher;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.port.out.WebhookLog;
import java.time.Clock;

/** The domain services wired to each other and to the outbound ports; built by the facade. */
public record BillingServices(
    AccountService accounts,
    SubscriptionService subscriptions,
    OverviewService overviews,
    UsageService usage,
    BillingEventService events,
    ReconciliationService reconciliation,
    MetricsService metrics) {

  /**
   * Wires every service by hand, from the ports; {@code notifying} when the store keeps a
   * notification outbox (saves and alerts then carry their notifications).
   */
  public static BillingServices wire(
      Organizations organizations,
      Members members,
      WebhookLog webhookLog,
      UsageCounters usageCounters,
      UsageAlerts usageAlerts,
      CheckoutSessions checkoutSessions,
      PasswordHasher passwordHasher,
      PaymentProvider paymentProvider,
      AlertPublisher alertPublisher,
      PaymentEvents paymentEvents,
      BillingReports reports,
      RateLimiter rateLimiter,
      Clock clock,
      BillingSettings settings,
      boolean notifying) {
    OrganizationUpdater updater =
        new OrganizationUpdater(organizations, settings.saveAttempts(), notifying);
    Entitlements entitlements = new Entitlements(settings.catalog(), settings.accessPolicy());
    OwnerResolution owners = new OwnerResolution(organizations);
    SubscriptionApplier applier =
        new SubscriptionApplier(
            owners, updater, paymentProvider, checkoutSessions, settings.catalog(), clock);
    OverviewService overviews =
        new OverviewService(
            updater, entitlements, usageCounters, usageAlerts, members, paymentProvider, clock);
    BillingEventService events =
        new BillingEventService(
            webhookLog,
            owners,
            updater,
            applier,
            paymentProvider,
            paymentEvents,
            settings.webhookLease(),
            clock);
    return new BillingServices(
        new AccountService(organizations, updater, members, passwordHasher, entitlements, clock),
        new SubscriptionService(
            updater,
            entitlements,
            applier,
            overviews,
            paymentProvider,
            checkoutSessions,
            rateLimiter,
            settings.checkoutLimit(),
            clock),
        overviews,
        new UsageService(updater, entitlements, usageCounters, usageAlerts, alertPublisher, clock),
        events,
        new ReconciliationService(paymentProvider, owners, applier),
        new MetricsService(reports, entitlements, clock));
  }
}

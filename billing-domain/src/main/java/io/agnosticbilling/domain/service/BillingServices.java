package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.port.out.AlertPublisher;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PasswordHasher;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider;
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

  /** Wires every service by hand, from the ports. */
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
      Clock clock,
      BillingSettings settings) {
    OrganizationUpdater updater = new OrganizationUpdater(organizations, settings.saveAttempts());
    Entitlements entitlements = new Entitlements(settings.catalog(), settings.accessPolicy());
    SubscriptionApplier applier =
        new SubscriptionApplier(organizations, updater, paymentProvider, settings.catalog());
    OverviewService overviews =
        new OverviewService(
            updater, entitlements, usageCounters, usageAlerts, members, paymentProvider, clock);
    BillingEventService events =
        new BillingEventService(
            webhookLog,
            organizations,
            updater,
            applier,
            paymentProvider,
            checkoutSessions,
            paymentEvents,
            settings.webhookLease(),
            clock);
    return new BillingServices(
        new AccountService(organizations, updater, members, passwordHasher, entitlements, clock),
        new SubscriptionService(
            updater,
            entitlements,
            applier,
            events,
            overviews,
            paymentProvider,
            checkoutSessions,
            clock),
        overviews,
        new UsageService(updater, entitlements, usageCounters, usageAlerts, alertPublisher, clock),
        events,
        new ReconciliationService(paymentProvider, applier),
        new MetricsService(organizations, webhookLog, checkoutSessions, entitlements, clock));
  }
}

package io.agnosticbilling.testkit;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.testkit.memory.CountingOrganizations;
import io.agnosticbilling.testkit.memory.FakePasswordHasher;
import io.agnosticbilling.testkit.memory.InMemoryBillingReports;
import io.agnosticbilling.testkit.memory.InMemoryCheckoutSessions;
import io.agnosticbilling.testkit.memory.InMemoryMembers;
import io.agnosticbilling.testkit.memory.InMemoryNotificationOutbox;
import io.agnosticbilling.testkit.memory.InMemoryOrganizations;
import io.agnosticbilling.testkit.memory.InMemoryUsageAlerts;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import io.agnosticbilling.testkit.memory.InMemoryWebhookLog;
import io.agnosticbilling.testkit.memory.RecordingAlertPublisher;
import io.agnosticbilling.testkit.payment.FakePaymentProvider;
import io.agnosticbilling.testkit.time.MutableClock;
import java.time.Instant;
import java.util.Map;

/**
 * Test fixture: the real domain services over in-memory adapters, a fake payment provider and a
 * mutable clock, with the paid plans sold at {@value #TEAM_PRICE} and {@value #ENTERPRISE_PRICE}.
 * Every part is a public field so tests can seed and inspect it.
 */
public final class InMemoryBilling {
  public static final String TEAM_PRICE = "price_team";
  public static final String ENTERPRISE_PRICE = "price_enterprise";

  /** The Team plan's yearly price, when the catalog prices Team yearly (the default does). */
  public static final String TEAM_YEARLY_PRICE = "price_team_yearly";

  public final MutableClock clock;

  /** The outbox the organizations' saves and the usage alerts write their notifications to. */
  public final InMemoryNotificationOutbox outbox = new InMemoryNotificationOutbox();

  public final InMemoryOrganizations organizations = new InMemoryOrganizations(outbox);
  public final InMemoryMembers members = new InMemoryMembers();
  public final InMemoryWebhookLog webhookLog = new InMemoryWebhookLog();
  public final InMemoryUsageCounters usageCounters = new InMemoryUsageCounters();
  public final InMemoryUsageAlerts usageAlerts = new InMemoryUsageAlerts(outbox);
  public final InMemoryCheckoutSessions checkoutSessions = new InMemoryCheckoutSessions();

  /** The organizations as the services see them: every read and save through here is counted. */
  public final CountingOrganizations organizationAccess = new CountingOrganizations(organizations);

  public final InMemoryBillingReports reports =
      new InMemoryBillingReports(organizations, webhookLog, checkoutSessions);
  public final RecordingAlertPublisher alerts = new RecordingAlertPublisher();
  public final FakePaymentProvider provider = new FakePaymentProvider();
  public final Billing billing;

  public InMemoryBilling(Instant now) {
    this(now, BillingSettings.defaults(), PaymentEvents.notConfigured());
  }

  public InMemoryBilling(Instant now, BillingSettings settings, PaymentEvents events) {
    this.clock = new MutableClock(now);
    PlanCatalog priced =
        settings
            .catalog()
            .withProviderPrices(
                Map.of(PlanId.TEAM, TEAM_PRICE, PlanId.ENTERPRISE, ENTERPRISE_PRICE));
    boolean teamYearly =
        priced.find(PlanId.TEAM).map(p -> p.yearlyPrice().isPresent()).orElse(false);
    if (teamYearly) {
      priced = priced.withYearlyProviderPrices(Map.of(PlanId.TEAM, TEAM_YEARLY_PRICE));
    }
    this.billing =
        Billing.builder()
            .organizations(organizationAccess)
            .members(members)
            .webhookLog(webhookLog)
            .usageCounters(usageCounters)
            .usageAlerts(usageAlerts)
            .checkoutSessions(checkoutSessions)
            .reports(reports)
            .passwordHasher(new FakePasswordHasher())
            .paymentProvider(provider)
            .alertPublisher(alerts)
            .paymentEvents(events)
            .clock(clock)
            .settings(settings.withCatalog(priced))
            .notifications(outbox)
            .build();
  }
}

package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionSnapshot;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.memory.FakePasswordHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Test data for the service tests: organizations put straight into the fixture's store, in the
 * state a test is about, at one fixed "now".
 */
final class Seed {
  /** Noon, in the middle of a UTC month, so "today", "last hour" and the month are all distinct. */
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  static final Instant PERIOD_START = NOW.minus(Duration.ofDays(5));
  static final Instant PERIOD_END = NOW.plus(Duration.ofDays(25));

  private Seed() {}

  /** A free organization without a provider customer. */
  static OrganizationId organization(InMemoryBilling fixture, String id) {
    return fixture.organizations.insert(anOrganization().id(id).createdAt(NOW).build()).id();
  }

  /** A free organization already linked to a provider customer. */
  static OrganizationId organizationWithCustomer(
      InMemoryBilling fixture, String id, String customer) {
    return fixture
        .organizations
        .insert(anOrganization().id(id).createdAt(NOW).customer(customer).build())
        .id();
  }

  /**
   * An organization holding {@code snapshot} as last applied from an event an hour ago; the
   * provider holds the same snapshot, so local and provider state agree.
   */
  static OrganizationId subscribed(InMemoryBilling fixture, SubscriptionSnapshot snapshot) {
    OrganizationId id = snapshot.organizationId().orElseThrow();
    PlanId plan =
        fixture.billing.catalog().byProviderPriceId(snapshot.priceId()).orElseThrow().id();
    Organization organization =
        anOrganization()
            .id(id)
            .createdAt(NOW.minus(Duration.ofDays(90)))
            .subscription(
                Subscription.from(snapshot, plan, NOW.minus(Duration.ofHours(1)).getEpochSecond()))
            .build();
    fixture.organizations.insert(organization);
    fixture.provider.putSubscription(snapshot);
    return id;
  }

  /** An active Team subscription of {@code org} in the current period around {@link #NOW}. */
  static SubscriptionSnapshotBuilder team(String subscriptionId, String customer, String org) {
    return aSubscriptionSnapshot()
        .id(subscriptionId)
        .customer(customer)
        .organization(org)
        .status(SubscriptionStatus.ACTIVE)
        .price(InMemoryBilling.TEAM_PRICE)
        .period(PERIOD_START, PERIOD_END)
        .startedAt(NOW.minus(Duration.ofDays(35)));
  }

  static SubscriptionSnapshotBuilder enterprise(
      String subscriptionId, String customer, String org) {
    return team(subscriptionId, customer, org).price(InMemoryBilling.ENTERPRISE_PRICE);
  }

  /** A raw payload for an event that is never replayed. */
  static String payload(BillingEvent event) {
    return "{\"id\":\"" + event.header().id() + "\",\"type\":\"" + event.header().type() + "\"}";
  }

  /** The default catalog with the paid plans sold at the given price ids. */
  static PlanCatalog catalogSelling(String teamPrice, String enterprisePrice) {
    return PlanCatalog.defaults()
        .withProviderPrices(Map.of(PlanId.TEAM, teamPrice, PlanId.ENTERPRISE, enterprisePrice));
  }

  /**
   * A second instance of the product over the fixture's stores and clock, as after a redeploy with
   * another configuration (provider, catalog) or with a decorated organization store.
   */
  static Billing anotherInstance(
      InMemoryBilling fixture,
      Organizations organizations,
      PaymentProvider provider,
      PlanCatalog catalog) {
    return anotherInstanceBuilder(fixture, organizations, provider, catalog).build();
  }

  /** The builder of {@link #anotherInstance}, for a test that sets one part more. */
  static Billing.Builder anotherInstanceBuilder(
      InMemoryBilling fixture,
      Organizations organizations,
      PaymentProvider provider,
      PlanCatalog catalog) {
    return Billing.builder()
        .organizations(organizations)
        .members(fixture.members)
        .webhookLog(fixture.webhookLog)
        .usageCounters(fixture.usageCounters)
        .usageAlerts(fixture.usageAlerts)
        .checkoutSessions(fixture.checkoutSessions)
        .reports(fixture.reports)
        .passwordHasher(new FakePasswordHasher())
        .paymentProvider(provider)
        .alertPublisher(fixture.alerts)
        .clock(fixture.clock)
        .settings(BillingSettings.defaults().withCatalog(catalog));
  }
}

package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.BillingMetrics;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GetBillingMetrics over a small world at noon: two free organizations, Team active, Team past_due
 * within and after grace, Enterprise canceled at a period end that has passed, Team canceled, and
 * Enterprise bought through Checkout today.
 */
class BillingMetricsTest {
  static final Instant DAY_START = Instant.parse("2026-03-10T00:00:00Z");
  static final Instant YESTERDAY = DAY_START.minus(Duration.ofHours(4));

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  @BeforeEach
  void world() {
    OrganizationId freeA = Seed.organization(fixture, "org_free_a");
    OrganizationId freeB = Seed.organization(fixture, "org_free_b");
    // Paid since before the 30-day window.
    Seed.subscribed(
        fixture, team("sub_active", "cus_1", "org_active").startedAt(days(-40)).build());
    Seed.subscribed(
        fixture,
        team("sub_grace", "cus_2", "org_grace")
            .status(SubscriptionStatus.PAST_DUE)
            .period(days(-3), days(27))
            .startedAt(days(-45))
            .build());
    Seed.subscribed(
        fixture,
        team("sub_late", "cus_3", "org_late")
            .status(SubscriptionStatus.PAST_DUE)
            .period(days(-10), days(20))
            .startedAt(days(-90))
            .build());
    Seed.subscribed(
        fixture,
        Seed.enterprise("sub_ended", "cus_4", "org_ended")
            .cancelAtPeriodEnd(true)
            .period(days(-31), days(-1))
            .startedAt(days(-61))
            .build());
    Seed.subscribed(
        fixture,
        team("sub_canceled", "cus_5", "org_canceled")
            .status(SubscriptionStatus.CANCELED)
            .canceledAt(days(-2))
            .startedAt(days(-60))
            .build());
    // Canceled before the window: neither paid at its start nor a cancellation in it.
    Seed.subscribed(
        fixture,
        team("sub_old", "cus_6", "org_old")
            .status(SubscriptionStatus.CANCELED)
            .canceledAt(days(-45))
            .startedAt(days(-100))
            .build());

    // Enterprise bought through Checkout: session created yesterday, paid and confirmed today.
    OrganizationId buyer = Seed.organization(fixture, "org_buyer");
    fixture.clock.set(YESTERDAY);
    CheckoutSessionCreated bought =
        billing.startCheckout(buyer, PlanId.ENTERPRISE, Email.of("buyer@example.com"));
    fixture.clock.set(NOW.minus(Duration.ofHours(3)));
    fixture.provider.completeCheckout(
        bought.sessionId(),
        Seed.enterprise("sub_new", fixture.provider.customerOf(buyer).orElseThrow(), "org_buyer")
            .period(NOW.minus(Duration.ofHours(3)), days(30))
            .startedAt(NOW.minus(Duration.ofHours(3)))
            .build());
    billing.confirmCheckout(buyer, bought.sessionId());
    // Two checkouts started today and never paid.
    billing.startCheckout(freeA, PlanId.TEAM, Email.of("a@example.com"));
    billing.startCheckout(freeB, PlanId.TEAM, Email.of("b@example.com"));

    fixture.clock.set(YESTERDAY);
    handle(paymentFailed("evt_failed_yesterday", "org_late"));
    fixture.clock.set(DAY_START.plus(Duration.ofMinutes(30)));
    handle(paymentFailed("evt_failed_early", "org_late"));
    fixture.clock.set(NOW.minus(Duration.ofMinutes(20)));
    handle(paymentFailed("evt_failed_recent", "org_grace"));
    handle(
        new BillingEvent.Unhandled(
            anEventHeader().id("evt_unhandled").type("customer.created").build()));
    BillingEvent liveEvent =
        anInvoiceEvent()
            .paid()
            .eventId("evt_live")
            .livemode(true)
            .organization("org_active")
            .build();
    handle(liveEvent);
    BillingEvent unknownPrice =
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_unknown_price")
            .subscription(team("sub_x", "cus_1", "org_active").price("price_legacy"))
            .build();
    assertThatThrownBy(() -> handle(unknownPrice)).isInstanceOf(EventProcessingException.class);
    fixture.clock.set(NOW);
  }

  @Test
  @DisplayName("organizations are counted by their effective plan")
  void organizationsByPlan() {
    // free: two never subscribed, past_due after grace, ended at period end, two canceled
    assertThat(billing.metrics().organizationsByPlan())
        .isEqualTo(Map.of("free", 6L, "team", 2L, "enterprise", 1L));
  }

  @Test
  @DisplayName(
      "subscriptions are counted by the status and plan of each organization's current one")
  void subscriptionsByStatusAndPlan() {
    BillingMetrics metrics = billing.metrics();

    assertThat(metrics.subscriptionsByStatus())
        .isEqualTo(Map.of("active", 3L, "past_due", 2L, "canceled", 2L));
    assertThat(metrics.subscriptionsByPlan()).isEqualTo(Map.of("team", 5L, "enterprise", 2L));
    assertThat(metrics.newPaidSubscriptionsToday()).isEqualTo(1);
  }

  @Test
  @DisplayName("monthly recurring revenue counts only effective paid plans")
  void monthlyRecurringRevenue() {
    // Team active + Team within grace + the Enterprise bought today
    assertThat(billing.metrics().monthlyRecurringRevenue())
        .containsExactly(Money.usd(9900 + 9900 + 49900));
  }

  @Test
  @DisplayName("a subscription on the yearly price counts a twelfth of it in monthly revenue")
  void yearlyPriceCountsATwelfth() {
    InMemoryBilling yearly = new InMemoryBilling(NOW);
    Seed.subscribed(yearly, team("sub_m", "cus_1", "org_m").build());
    Seed.subscribed(
        yearly,
        team("sub_y", "cus_2", "org_y")
            .price(InMemoryBilling.TEAM_YEARLY_PRICE)
            .period(Seed.PERIOD_START, Seed.PERIOD_START.plus(Duration.ofDays(365)))
            .build());

    assertThat(yearly.billing.metrics().monthlyRecurringRevenue())
        .containsExactly(Money.usd(9900 + 99000 / 12));
  }

  @Test
  @DisplayName("monthly recurring revenue is reported per currency, never added across currencies")
  void monthlyRecurringRevenuePerCurrency() {
    PlanCatalog euroEnterprise =
        PlanCatalog.of(
            PlanCatalog.defaults().plans().stream()
                .map(
                    p ->
                        p.id().equals(PlanId.ENTERPRISE)
                            ? new Plan(
                                p.id(),
                                p.name(),
                                p.rank(),
                                new Money(45900, "eur"),
                                p.interval(),
                                p.limits(),
                                p.features(),
                                p.providerPriceId())
                            : p)
                .toList(),
            PlanCatalog.DEFAULT_ALERT_THRESHOLDS);
    InMemoryBilling mixed =
        new InMemoryBilling(
            NOW,
            BillingSettings.defaults().withCatalog(euroEnterprise),
            PaymentEvents.notConfigured());
    Seed.subscribed(mixed, team("sub_t1", "cus_1", "org_t1").build());
    Seed.subscribed(mixed, team("sub_t2", "cus_2", "org_t2").build());
    Seed.subscribed(mixed, Seed.enterprise("sub_e1", "cus_3", "org_e1").build());

    assertThat(mixed.billing.metrics().monthlyRecurringRevenue())
        .containsExactly(new Money(45900, "eur"), Money.usd(2 * 9900));
  }

  @Test
  @DisplayName("churn is cancellations in 30 days over subscriptions paid at the window start")
  void churn() {
    BillingMetrics metrics = billing.metrics();

    assertThat(metrics.cancellationsLast30Days()).isEqualTo(1);
    // paid at the window start: active, grace, late, ended, canceled (within the window)
    assertThat(metrics.churnRateLast30Days()).isCloseTo(1.0 / 5, within(1e-9));
  }

  @Test
  @DisplayName("webhooks are counted for the last hour, today, failed today and by type")
  void webhooks() {
    BillingMetrics metrics = billing.metrics();

    assertThat(metrics.at()).isEqualTo(NOW);
    assertThat(metrics.webhooksLastHour()).isEqualTo(4);
    assertThat(metrics.webhooksToday()).isEqualTo(5);
    assertThat(metrics.webhooksFailedToday()).isEqualTo(1);
    assertThat(metrics.livemodeMismatchesToday()).isEqualTo(1);
    assertThat(metrics.webhooksTodayByType())
        .isEqualTo(
            Map.of(
                "invoice.payment_failed", 2L,
                "invoice.payment_succeeded", 1L,
                "customer.created", 1L,
                "customer.subscription.updated", 1L));
    // evt_failed_early repeats yesterday's failure of the same invoice (stale): not a new one.
    assertThat(metrics.failedPaymentsToday()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "failed payments today counts applied invoice.payment_failed events only: not livemode"
          + " mismatches, not ignored ones, not duplicates")
  void failedPaymentsCountOnlyAppliedFailures() {
    fixture.clock.set(NOW.minus(Duration.ofMinutes(10)));
    handle(
        anInvoiceEvent()
            .failed()
            .eventId("evt_failed_live")
            .livemode(true)
            .organization("org_active")
            .build());
    handle(
        anInvoiceEvent()
            .failed()
            .eventId("evt_failed_not_ours")
            .withoutOrganization()
            .withoutSubscription()
            .customer("cus_someone_else")
            .build());
    // The same failure of org_grace's invoice again, under another event id.
    handle(paymentFailed("evt_failed_recent_again", "org_grace"));
    handle(paymentFailed("evt_failed_recent", "org_grace"));
    handle(
        anInvoiceEvent()
            .failed()
            .eventId("evt_failed_new")
            .invoiceId("in_active_2")
            .created(NOW.minus(Duration.ofMinutes(10)))
            .organization("org_active")
            .build());
    fixture.clock.set(NOW);

    BillingMetrics metrics = billing.metrics();

    assertThat(metrics.webhooksTodayByType()).containsEntry("invoice.payment_failed", 6L);
    assertThat(metrics.failedPaymentsToday()).isEqualTo(2);
  }

  @Test
  @DisplayName("checkouts are counted as created today and confirmed today")
  void checkouts() {
    BillingMetrics metrics = billing.metrics();

    assertThat(metrics.checkoutsCreatedToday()).isEqualTo(2);
    assertThat(metrics.checkoutsConfirmedToday()).isEqualTo(1);
  }

  @Test
  @DisplayName("the next day starts today's counts again")
  void nextDay() {
    fixture.clock.set(DAY_START.plus(Duration.ofDays(1)).plusSeconds(1));

    BillingMetrics metrics = billing.metrics();

    assertThat(metrics.webhooksToday()).isZero();
    assertThat(metrics.webhooksLastHour()).isZero();
    assertThat(metrics.webhooksFailedToday()).isZero();
    assertThat(metrics.failedPaymentsToday()).isZero();
    assertThat(metrics.checkoutsCreatedToday()).isZero();
    assertThat(metrics.checkoutsConfirmedToday()).isZero();
    assertThat(metrics.newPaidSubscriptionsToday()).isZero();
  }

  private static Instant days(long offset) {
    return NOW.plus(Duration.ofDays(offset));
  }

  private static BillingEvent paymentFailed(String eventId, String org) {
    return anInvoiceEvent().failed().eventId(eventId).organization(org).customer("cus_x").build();
  }

  private void handle(BillingEvent event) {
    billing.handle(event, Seed.payload(event));
  }
}

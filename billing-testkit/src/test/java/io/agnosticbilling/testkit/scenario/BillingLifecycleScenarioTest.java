package io.agnosticbilling.testkit.scenario;

import static io.agnosticbilling.testkit.builder.Builders.aCheckoutCompletedEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionSnapshot;
import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.RecordUsage;
import io.agnosticbilling.domain.port.in.RecordUsage.Allowed;
import io.agnosticbilling.domain.port.in.RecordUsage.Refused;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One organization's whole life through the real services and in-memory adapters: sign-up, alerts,
 * refusal, upgrade with events out of order and twice, failed payment, grace, downgrade, payment
 * again, cancel at period end, and a new subscription.
 */
class BillingLifecycleScenarioTest {
  static final Instant SIGNUP = Instant.parse("2026-11-10T09:00:00Z");
  static final Instant P0 = SIGNUP.plus(Duration.ofHours(1));
  static final Instant P1 = P0.plus(Duration.ofDays(30));
  static final Instant P2 = P1.plus(Duration.ofDays(30));

  final InMemoryBilling fixture = new InMemoryBilling(SIGNUP);
  final Billing billing = fixture.billing;
  OrganizationId org;
  int runs;

  @Test
  @DisplayName(
      "an organization from sign-up through upgrade, failed payment, grace, cancel and resubscribe")
  void lifecycle() {
    signUpOnFree();
    useFreeUntilRefusedWithUpgradeToTeam();
    membersUpToTheFreeSeatLimit();
    upgradeToTeamWithEventsOutOfOrderAndTwice();
    useTeamLimits();
    failedRenewalKeepsTeamDuringGraceThenFree();
    paidAgainRestoresTeam();
    cancelAtPeriodEndKeepsTeamUntilThePeriodEnds();
    resubscribeWithANewSubscription();
  }

  void signUpOnFree() {
    SignUp.SignedUp signedUp =
        billing.signUp(new SignUp.Command("Ada@Example.com", "correct horse", "Acme QA"));
    org = signedUp.organization().id();
    assertThat(signedUp.member().role()).isEqualTo(Role.ADMIN);
    assertThat(signedUp.member().email().value()).isEqualTo("ada@example.com");

    BillingOverview overview = billing.overview(org);
    assertThat(overview.plan()).isEqualTo(PlanId.FREE);
    assertThat(overview.status()).isEmpty();
    assertThat(overview.currentPeriod()).isEqualTo(UsagePeriod.calendarMonthOf(SIGNUP));
    assertThat(overview.usage().get(Metric.USERS).used()).isEqualTo(1);
    assertThat(overview.usage().get(Metric.TEST_RUNS).used()).isZero();
    assertThat(overview.upgradeOptions()).containsExactly(PlanId.TEAM, PlanId.ENTERPRISE);
    assertThat(overview.portalAvailable()).isFalse();
  }

  void useFreeUntilRefusedWithUpgradeToTeam() {
    for (int i = 1; i <= 100; i++) {
      assertThat(run()).isInstanceOf(Allowed.class);
    }
    assertThat(fixture.alerts.published())
        .extracting(UsageAlert::threshold)
        .containsExactly(50, 80, 90, 100);
    assertThat(fixture.alerts.published())
        .extracting(UsageAlert::used)
        .containsExactly(50L, 80L, 90L, 100L);

    RecordUsage.UsageOutcome refused = run();
    assertThat(refused).isInstanceOf(Refused.class);
    var refusal = ((Refused) refused).refusal();
    assertThat(refusal.used()).isEqualTo(100);
    assertThat(refusal.limit()).isEqualTo(100);
    assertThat(refusal.plan()).isEqualTo(PlanId.FREE);
    assertThat(refusal.upgradeTo()).contains(PlanId.TEAM);
    assertThat(refusal.resetsAt()).contains(UsagePeriod.calendarMonthOf(SIGNUP).end());
    assertThat(refusal.message())
        .isEqualTo(
            "Your organization used 100 of 100 test runs this period on the Free plan."
                + " Upgrade to Team for 1,000 test runs per month.");
    assertThat(billing.overview(org).alerts()).hasSize(4);
    assertThat(billing.overview(org).usage().get(Metric.TEST_RUNS).percent()).hasValue(100);
  }

  void membersUpToTheFreeSeatLimit() {
    billing.addMember(org, new AddMember.Command("bob@example.com", "password-1", Role.MEMBER));
    billing.addMember(org, new AddMember.Command("cy@example.com", "password-2", Role.MEMBER));
    assertThat(
            billing.addMember(
                org, new AddMember.Command("dee@example.com", "password-3", Role.MEMBER)))
        .isInstanceOfSatisfying(
            AddMember.Refused.class,
            refused -> {
              var refusal = refused.refusal();
              assertThat(refusal.metric()).isEqualTo(Metric.USERS);
              assertThat(refusal.used()).isEqualTo(3);
              assertThat(refusal.upgradeTo()).contains(PlanId.TEAM);
            });
    assertThat(billing.members(org)).hasSize(3);
  }

  void upgradeToTeamWithEventsOutOfOrderAndTwice() {
    CheckoutSessionCreated session =
        billing.startCheckout(org, PlanId.TEAM, Email.of("ada@example.com"));
    String customer = fixture.provider.customerOf(org).orElseThrow();
    SubscriptionSnapshot active = teamSubscription("sub_1", customer).build();
    fixture.provider.completeCheckout(session.sessionId(), active);

    BillingEvent created =
        aSubscriptionEvent(Change.CREATED)
            .eventId("evt_created")
            .created(P0)
            .subscription(teamSubscription("sub_1", customer).status(SubscriptionStatus.INCOMPLETE))
            .build();
    BillingEvent updated =
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_active")
            .created(P0.plusSeconds(5))
            .subscription(active)
            .build();
    BillingEvent paid =
        anInvoiceEvent()
            .paid()
            .eventId("evt_paid_1")
            .created(P0.plusSeconds(6))
            .customer(customer)
            .subscription("sub_1")
            .organization(org.value())
            .amount(9900, "usd")
            .build();
    BillingEvent completed =
        aCheckoutCompletedEvent()
            .eventId("evt_checkout")
            .created(P0.plusSeconds(6))
            .session(session.sessionId())
            .organization(org.value())
            .customer(customer)
            .subscription("sub_1")
            .build();

    fixture.clock.set(P0.plusSeconds(30));
    assertThat(handle(updated).status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(handle(paid).status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(handle(updated).duplicate()).isTrue();
    assertThat(handle(created).status()).isEqualTo(WebhookStatus.STALE);
    // The browser comes back before Stripe delivers checkout.session.completed.
    BillingOverview confirmed = billing.confirmCheckout(org, session.sessionId());
    assertThat(confirmed.plan()).isEqualTo(PlanId.TEAM);
    assertThat(handle(completed).status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(handle(created).duplicate()).isTrue();

    BillingOverview overview = billing.overview(org);
    assertThat(overview.plan()).isEqualTo(PlanId.TEAM);
    assertThat(overview.status()).contains(SubscriptionStatus.ACTIVE);
    assertThat(overview.currentPeriod()).isEqualTo(new UsagePeriod(P0, P1));
    assertThat(overview.portalAvailable()).isTrue();
    assertThat(overview.upgradeOptions()).containsExactly(PlanId.ENTERPRISE);
    assertThat(fixture.provider.calls("createCustomer")).hasSize(1);
  }

  void useTeamLimits() {
    RecordUsage.UsageOutcome outcome = run();
    assertThat(outcome).isInstanceOf(Allowed.class);
    assertThat(((Allowed) outcome).used()).as("the paid period starts a new counter").isEqualTo(1);
    assertThat(((Allowed) outcome).remaining()).hasValue(999);
    billing.addMember(org, new AddMember.Command("dee@example.com", "password-3", Role.MEMBER));
    billing.addMember(org, new AddMember.Command("eve@example.com", "password-4", Role.ADMIN));
    assertThat(billing.overview(org).usage().get(Metric.USERS).used()).isEqualTo(5);
    assertThat(billing.overview(org).overLimit()).isFalse();
  }

  void failedRenewalKeepsTeamDuringGraceThenFree() {
    SubscriptionSnapshot pastDue =
        teamSubscription("sub_1", fixture.provider.customerOf(org).orElseThrow())
            .status(SubscriptionStatus.PAST_DUE)
            .period(P1, P2)
            .build();
    fixture.provider.putSubscription(pastDue);
    fixture.clock.set(P1.plus(Duration.ofHours(1)));
    handle(
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_past_due")
            .created(P1.plusSeconds(10))
            .subscription(pastDue)
            .build());
    EventOutcome failed =
        handle(
            anInvoiceEvent()
                .failed()
                .eventId("evt_failed_1")
                .created(P1.plusSeconds(10))
                .customer(pastDue.customerId())
                .subscription("sub_1")
                .organization(org.value())
                .attemptCount(1)
                .build());
    assertThat(failed.status()).isEqualTo(WebhookStatus.PROCESSED);

    fixture.clock.set(P1.plus(Duration.ofDays(3)));
    BillingOverview inGrace = billing.overview(org);
    assertThat(inGrace.plan()).isEqualTo(PlanId.TEAM);
    assertThat(inGrace.status()).contains(SubscriptionStatus.PAST_DUE);
    // Seven days from entering past_due: the past_due event's creation, 10 s into the period.
    assertThat(inGrace.accessEndsAt()).contains(P1.plusSeconds(10).plus(Duration.ofDays(7)));

    fixture.clock.set(P1.plus(Duration.ofDays(8)));
    BillingOverview afterGrace = billing.overview(org);
    assertThat(afterGrace.plan()).isEqualTo(PlanId.FREE);
    assertThat(afterGrace.limits().get(Metric.TEST_RUNS).limit()).hasValue(100);
    assertThat(afterGrace.currentPeriod())
        .isEqualTo(UsagePeriod.calendarMonthOf(P1.plus(Duration.ofDays(8))));
    assertThat(afterGrace.overLimit()).as("5 members on a 3-seat plan").isTrue();
    assertThat(billing.members(org)).as("a downgrade never deletes members").hasSize(5);
    assertThat(
            billing.addMember(
                org, new AddMember.Command("fay@example.com", "password-5", Role.MEMBER)))
        .isInstanceOf(AddMember.Refused.class);
  }

  void paidAgainRestoresTeam() {
    SubscriptionSnapshot activeAgain =
        teamSubscription("sub_1", fixture.provider.customerOf(org).orElseThrow())
            .period(P1, P2)
            .build();
    fixture.provider.putSubscription(activeAgain);
    Instant paidAt = P1.plus(Duration.ofDays(8)).plusSeconds(60);
    handle(
        anInvoiceEvent()
            .paid()
            .eventId("evt_paid_2")
            .created(paidAt)
            .customer(activeAgain.customerId())
            .subscription("sub_1")
            .build());
    handle(
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_active_again")
            .created(paidAt)
            .subscription(activeAgain)
            .build());
    BillingOverview overview = billing.overview(org);
    assertThat(overview.plan()).isEqualTo(PlanId.TEAM);
    assertThat(overview.status()).contains(SubscriptionStatus.ACTIVE);
    assertThat(overview.currentPeriod()).isEqualTo(new UsagePeriod(P1, P2));
    assertThat(overview.overLimit()).isFalse();
  }

  void cancelAtPeriodEndKeepsTeamUntilThePeriodEnds() {
    fixture.clock.set(P1.plus(Duration.ofDays(10)));
    BillingOverview canceled = billing.cancel(org);
    assertThat(canceled.cancelAtPeriodEnd()).isTrue();
    assertThat(canceled.plan()).isEqualTo(PlanId.TEAM);
    assertThat(canceled.accessEndsAt()).contains(P2);

    BillingOverview resumed = billing.resume(org);
    assertThat(resumed.cancelAtPeriodEnd()).isFalse();
    assertThat(resumed.accessEndsAt()).isEmpty();
    assertThat(billing.cancel(org).cancelAtPeriodEnd()).isTrue();

    fixture.clock.set(P2.plusSeconds(60));
    assertThat(billing.overview(org).plan())
        .as("Free at period end, even before Stripe's deletion event arrives")
        .isEqualTo(PlanId.FREE);

    SubscriptionSnapshot ended =
        teamSubscription("sub_1", fixture.provider.customerOf(org).orElseThrow())
            .period(P1, P2)
            .status(SubscriptionStatus.CANCELED)
            .canceledAt(P2)
            .build();
    fixture.provider.putSubscription(ended);
    assertThat(
            handle(
                    aSubscriptionEvent(Change.DELETED)
                        .eventId("evt_deleted")
                        .created(P2)
                        .subscription(ended)
                        .build())
                .status())
        .isEqualTo(WebhookStatus.PROCESSED);
    EventOutcome late =
        handle(
            aSubscriptionEvent(Change.UPDATED)
                .eventId("evt_late_update")
                .created(P2.plusSeconds(1))
                .subscription(teamSubscription("sub_1", ended.customerId()).period(P1, P2))
                .build());
    assertThat(late.status())
        .as("a canceled subscription never becomes active again")
        .isEqualTo(WebhookStatus.STALE);
    assertThat(billing.overview(org).status()).contains(SubscriptionStatus.CANCELED);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.FREE);
  }

  void resubscribeWithANewSubscription() {
    Instant restart = P2.plus(Duration.ofDays(2));
    fixture.clock.set(restart);
    CheckoutSessionCreated session =
        billing.startCheckout(org, PlanId.TEAM, Email.of("ada@example.com"));
    SubscriptionSnapshot fresh =
        teamSubscription("sub_2", fixture.provider.customerOf(org).orElseThrow())
            .period(restart, restart.plus(Duration.ofDays(30)))
            .startedAt(restart)
            .build();
    fixture.provider.completeCheckout(session.sessionId(), fresh);
    BillingOverview overview = billing.confirmCheckout(org, session.sessionId());
    assertThat(overview.plan()).isEqualTo(PlanId.TEAM);
    assertThat(overview.status()).contains(SubscriptionStatus.ACTIVE);
    assertThat(overview.currentPeriod().start()).isEqualTo(restart);
    assertThat(fixture.provider.calls("createCustomer")).as("the customer is reused").hasSize(1);
    assertThat(
            handle(
                    aSubscriptionEvent(Change.CREATED)
                        .eventId("evt_created_2")
                        .created(restart)
                        .subscription(fresh)
                        .build())
                .status())
        .isEqualTo(WebhookStatus.PROCESSED);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
    assertThat(fixture.organizations.find(org).orElseThrow().subscriptions()).hasSize(2);
  }

  private SubscriptionSnapshotBuilder teamSubscription(String id, String customer) {
    return aSubscriptionSnapshot()
        .id(id)
        .customer(customer)
        .organization(org.value())
        .status(SubscriptionStatus.ACTIVE)
        .price(InMemoryBilling.TEAM_PRICE)
        .period(P0, P1)
        .startedAt(P0);
  }

  private RecordUsage.UsageOutcome run() {
    return billing.record(org, Metric.TEST_RUNS, 1, Optional.of("run-" + (++runs)));
  }

  private EventOutcome handle(BillingEvent event) {
    return billing.handle(event, "{\"id\":\"" + event.header().id() + "\"}");
  }
}

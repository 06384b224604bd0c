package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.PERIOD_END;
import static io.agnosticbilling.testkit.service.Seed.enterprise;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.event.BillingEvent.ScheduleChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.BillingOverview.ScheduledPlanChange;
import io.agnosticbilling.domain.port.in.CancelSubscription;
import io.agnosticbilling.domain.port.in.ChangePlan;
import io.agnosticbilling.domain.subscription.ScheduledChange;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Plan changes now or at the end of the period (a provider schedule), cancel now, and how the
 * scheduled change is learnt from the provider and cleared.
 */
class ScheduledChangesTest {
  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;

  @Test
  @DisplayName("a downgrade defaults to the end of the period: scheduled, shown, plan kept")
  void downgradeDefaultsToPeriodEnd() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());

    BillingOverview overview = billing.changePlan(org, PlanId.TEAM);

    assertThat(fixture.provider.calls("changePrice")).isEmpty();
    assertThat(fixture.provider.calls("schedulePriceChange").get(0).arguments())
        .containsExactly(org, "sub_1", InMemoryBilling.TEAM_PRICE, PERIOD_END);
    assertThat(overview.plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(overview.scheduledChange())
        .contains(new ScheduledPlanChange(PlanId.TEAM, "Team", PERIOD_END));
  }

  @Test
  @DisplayName("an upgrade defaults to now, with the price swapped and nothing scheduled")
  void upgradeDefaultsToNow() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    BillingOverview overview = billing.changePlan(org, PlanId.ENTERPRISE);

    assertThat(fixture.provider.calls("changePrice")).hasSize(1);
    assertThat(fixture.provider.calls("schedulePriceChange")).isEmpty();
    assertThat(overview.plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(overview.scheduledChange()).isEmpty();
  }

  @Test
  @DisplayName("an explicit 'period_end' upgrade is scheduled, an explicit 'now' downgrade is not")
  void explicitTimingWins() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    BillingOverview scheduled =
        billing.changePlan(org, PlanId.ENTERPRISE, Optional.of(ChangePlan.When.PERIOD_END));
    assertThat(scheduled.scheduledChange().map(ScheduledPlanChange::plan))
        .contains(PlanId.ENTERPRISE);
    assertThat(scheduled.plan()).isEqualTo(PlanId.TEAM);

    OrganizationId other = Seed.subscribed(fixture, enterprise("sub_2", "cus_2", "org_2").build());
    BillingOverview now = billing.changePlan(other, PlanId.TEAM, Optional.of(ChangePlan.When.NOW));
    assertThat(now.plan()).isEqualTo(PlanId.TEAM);
    assertThat(now.scheduledChange()).isEmpty();
  }

  @Test
  @DisplayName("the same downgrade twice schedules once: the second finds it at the provider")
  void sameDowngradeTwiceIsOneWrite() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());

    billing.changePlan(org, PlanId.TEAM);
    billing.changePlan(org, PlanId.TEAM);

    assertThat(fixture.provider.calls("schedulePriceChange")).hasSize(1);
  }

  @Test
  @DisplayName("resume clears a scheduled change (the schedule is released)")
  void resumeClearsTheScheduledChange() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());
    billing.changePlan(org, PlanId.TEAM);

    BillingOverview overview = billing.resume(org);

    assertThat(fixture.provider.calls("releaseSchedule")).hasSize(1);
    assertThat(overview.scheduledChange()).isEmpty();
    assertThat(stored(org).schedule()).isEqualTo(SubscriptionSchedule.NONE);
    assertThat(fixture.provider.subscription("sub_1").orElseThrow().schedule())
        .isEqualTo(SubscriptionSchedule.NONE);
  }

  @Test
  @DisplayName("a new change clears the scheduled one: back to the current plan, or another now")
  void aNewChangeClearsIt() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());
    billing.changePlan(org, PlanId.TEAM);

    BillingOverview kept = billing.changePlan(org, PlanId.ENTERPRISE);
    assertThat(kept.scheduledChange()).isEmpty();
    assertThat(kept.plan()).isEqualTo(PlanId.ENTERPRISE);
    assertThat(fixture.provider.calls("changePrice")).isEmpty();

    billing.changePlan(org, PlanId.TEAM);
    BillingOverview now = billing.changePlan(org, PlanId.TEAM, Optional.of(ChangePlan.When.NOW));
    assertThat(now.plan()).isEqualTo(PlanId.TEAM);
    assertThat(now.scheduledChange()).isEmpty();
    assertThat(fixture.provider.calls("releaseSchedule")).hasSize(2);
  }

  @Test
  @DisplayName("cancel at period end replaces a scheduled change (the schedule is released first)")
  void cancelAtPeriodEndReleasesTheSchedule() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());
    billing.changePlan(org, PlanId.TEAM);

    BillingOverview overview = billing.cancel(org, CancelSubscription.When.PERIOD_END);

    assertThat(overview.cancelAtPeriodEnd()).isTrue();
    assertThat(overview.scheduledChange()).isEmpty();
  }

  @Test
  @DisplayName(
      "a period-end change while a cancellation is scheduled is refused with 'resume first'")
  void scheduleWhileCancelingIsRefused() {
    OrganizationId org =
        Seed.subscribed(
            fixture, enterprise("sub_1", "cus_1", "org_1").cancelAtPeriodEnd(true).build());

    assertThatThrownBy(() -> billing.changePlan(org, PlanId.TEAM))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("resume");
    assertThat(fixture.provider.calls("schedulePriceChange")).isEmpty();
  }

  @Test
  @DisplayName("cancel now ends the subscription at the provider at once: Free, status canceled")
  void cancelNow() {
    OrganizationId org = Seed.subscribed(fixture, team("sub_1", "cus_1", "org_1").build());

    BillingOverview overview = billing.cancel(org, CancelSubscription.When.NOW);

    assertThat(fixture.provider.calls("cancelNow")).hasSize(1);
    assertThat(overview.status()).contains(SubscriptionStatus.CANCELED);
    assertThat(overview.plan()).isEqualTo(PlanId.FREE);
    assertThatThrownBy(() -> billing.cancel(org, CancelSubscription.When.NOW))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  @DisplayName("the scheduled change is derived: it is no longer shown once its date has passed")
  void shownUntilItsDate() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());
    billing.changePlan(org, PlanId.TEAM);

    fixture.clock.set(PERIOD_END.plusSeconds(1));

    assertThat(billing.overview(org).scheduledChange()).isEmpty();
  }

  @Test
  @DisplayName("a subscription event naming a new schedule stores the provider's reading of it")
  void learntFromASubscriptionEvent() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());
    SubscriptionSchedule read = downgradeSchedule("sub_sched_portal");
    fixture.provider.putSubscription(enterprise("sub_1", "cus_1", "org_1").schedule(read).build());

    billing.handle(
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_attached")
            .created(NOW)
            .subscription(
                enterprise("sub_1", "cus_1", "org_1")
                    .schedule(new SubscriptionSchedule.Attached("sub_sched_portal"))
                    .build())
            .build(),
        "{}");

    assertThat(stored(org).schedule()).isEqualTo(read);
    assertThat(billing.overview(org).scheduledChange().map(ScheduledPlanChange::plan))
        .contains(PlanId.TEAM);
  }

  @Test
  @DisplayName("schedule events store what the provider holds, whatever their order or copies")
  void scheduleEventsRefreshFromTheProvider() {
    OrganizationId org = Seed.subscribed(fixture, enterprise("sub_1", "cus_1", "org_1").build());
    // A Portal downgrade: the provider holds the schedule; its events arrive late and twice.
    fixture.provider.putSubscription(
        enterprise("sub_1", "cus_1", "org_1").schedule(downgradeSchedule("sub_sched_p")).build());
    billing.handle(scheduleEvent("evt_s2", "subscription_schedule.updated"), "{}");
    billing.handle(scheduleEvent("evt_s1", "subscription_schedule.created"), "{}");
    assertThat(billing.overview(org).scheduledChange().map(ScheduledPlanChange::plan))
        .contains(PlanId.TEAM);

    // Released in the Portal: the late "created" copy cannot bring it back.
    fixture.provider.putSubscription(enterprise("sub_1", "cus_1", "org_1").build());
    billing.handle(scheduleEvent("evt_s3", "subscription_schedule.released"), "{}");
    billing.handle(scheduleEvent("evt_s1b", "subscription_schedule.created"), "{}");

    assertThat(billing.overview(org).scheduledChange()).isEmpty();
    assertThat(stored(org).schedule()).isEqualTo(SubscriptionSchedule.NONE);
  }

  @Test
  @DisplayName("a schedule event of a subscription not stored yet waits for the subscription's own")
  void scheduleEventBeforeTheSubscription() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");

    billing.handle(scheduleEvent("evt_s1", "subscription_schedule.created"), "{}");

    assertThat(fixture.organizations.find(org).orElseThrow().subscription("sub_1")).isEmpty();
    assertThat(fixture.provider.calls("fetchSubscription")).isEmpty();
  }

  private static SubscriptionSchedule downgradeSchedule(String id) {
    return new SubscriptionSchedule.Read(
        id,
        Optional.of(new ScheduledChange(InMemoryBilling.TEAM_PRICE, Optional.empty(), PERIOD_END)));
  }

  private static ScheduleChanged scheduleEvent(String id, String type) {
    return new ScheduleChanged(
        new EventHeader(id, type, NOW.plus(Duration.ofMinutes(1)), false),
        "sub_sched_p",
        "sub_1",
        "cus_1");
  }

  private Subscription stored(OrganizationId org) {
    return fixture.organizations.find(org).orElseThrow().subscription("sub_1").orElseThrow();
  }
}

package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.PERIOD_END;
import static io.agnosticbilling.testkit.service.Seed.PERIOD_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.RecordUsage.Allowed;
import io.agnosticbilling.domain.port.in.RecordUsage.Refused;
import io.agnosticbilling.domain.port.in.RecordUsage.UsageOutcome;
import io.agnosticbilling.domain.usage.LimitExceeded;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.domain.usage.UsageKey;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RecordUsage: idempotency, quantities, limits, alerts and periods. */
class RecordUsageTest {
  static final Instant MARCH_END = Instant.parse("2026-04-01T00:00:00Z");

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;
  final OrganizationId free = Seed.organization(fixture, "org_free");

  @Test
  @DisplayName("the same runId returns the first decision and counts once")
  void sameRunIdCountsOnce() {
    Allowed first = allowed(record(free, 1, "run-1"));
    Allowed again = allowed(record(free, 1, "run-1"));
    Allowed biggerRetry = allowed(record(free, 5, "run-1"));

    assertThat(first.replayed()).isFalse();
    assertThat(first.used()).isEqualTo(1);
    assertThat(again.replayed()).isTrue();
    assertThat(again.used()).isEqualTo(1);
    assertThat(biggerRetry.replayed()).isTrue();
    assertThat(biggerRetry.used()).isEqualTo(1);
    assertThat(used(free)).isEqualTo(1);
    assertThat(allowed(record(free, 1, "run-2")).used()).isEqualTo(2);
  }

  @Test
  @DisplayName("the same runId replays a refusal, even when its retry would now fit")
  void sameRunIdReplaysARefusal() {
    record(free, 97, "bulk");
    Refused refused = refused(record(free, 5, "run-x"));
    assertThat(refused.replayed()).isFalse();
    assertThat(refused.refusal().used()).isEqualTo(97);

    Refused again = refused(record(free, 1, "run-x"));

    assertThat(again.replayed()).isTrue();
    assertThat(again.refusal().used()).isEqualTo(97);
    assertThat(used(free)).isEqualTo(97);
    assertThat(allowed(record(free, 1, "run-y")).used())
        .as("a new run id of the same size fits")
        .isEqualTo(98);
  }

  @Test
  @DisplayName("a quantity that would cross the limit is refused while a smaller one is allowed")
  void quantityCrossingTheLimit() {
    record(free, 98, "bulk");

    LimitExceeded refusal = refused(record(free, 3, "three")).refusal();
    Allowed two = allowed(record(free, 2, "two"));

    assertThat(refusal.used()).isEqualTo(98);
    assertThat(refusal.limit()).isEqualTo(100);
    assertThat(refusal.requested()).isEqualTo(3);
    assertThat(refusal.upgradeTo()).contains(PlanId.TEAM);
    assertThat(refusal.resetsAt()).contains(MARCH_END);
    assertThat(two.used()).isEqualTo(100);
    assertThat(two.remaining()).hasValue(0);
  }

  @Test
  @DisplayName("on Team the refusal names Enterprise and its unlimited runs")
  void teamRefusalNamesEnterprise() {
    OrganizationId team = Seed.subscribed(fixture, Seed.team("sub_1", "cus_1", "org_team").build());
    record(team, 1000, "bulk");

    LimitExceeded refusal = refused(record(team, 1, "one-more")).refusal();

    assertThat(refusal.plan()).isEqualTo(PlanId.TEAM);
    assertThat(refusal.upgradeTo()).contains(PlanId.ENTERPRISE);
    assertThat(refusal.upgradeLimit()).isEmpty();
    assertThat(refusal.resetsAt()).contains(PERIOD_END);
    assertThat(refusal.message())
        .isEqualTo(
            "Your organization used 1,000 of 1,000 test runs this period on the Team plan."
                + " Upgrade to Enterprise for unlimited test runs per month.");
  }

  @ParameterizedTest(name = "quantity {0}")
  @ValueSource(longs = {0, -1, 10_001})
  @DisplayName("a quantity outside 1..10,000 is refused and nothing is counted")
  void quantityBounds(long quantity) {
    assertThatThrownBy(() -> record(free, quantity, "run-1"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
    assertThat(used(free)).isZero();
    assertThat(allowed(record(free, 1, "run-1")).replayed())
        .as("the refused call did not claim the run id")
        .isFalse();
  }

  @Test
  @DisplayName("the users gauge is changed by members, not by recording usage")
  void usersGaugeIsRefused() {
    assertThatThrownBy(() -> billing.record(free, Metric.USERS, 1, Optional.of("run-1")))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("metric"));
    assertThat(billing.overview(free).usage().get(Metric.USERS).used()).isZero();
  }

  @ParameterizedTest(name = "runId of {0} characters")
  @ValueSource(ints = {0, 201})
  @DisplayName("a runId must be 1 to 200 characters")
  void runIdBounds(int length) {
    String runId = length == 0 ? " " : "r".repeat(length);
    assertThatThrownBy(() -> record(free, 1, runId))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("runId"));
    assertThat(used(free)).isZero();
    assertThat(allowed(record(free, 1, "r".repeat(200))).used()).isEqualTo(1);
  }

  @Test
  @DisplayName("usage of an unknown organization is not found")
  void unknownOrganization() {
    assertThatThrownBy(() -> record(OrganizationId.of("org_nobody"), 1, "run-1"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  @DisplayName("Enterprise is unlimited: always allowed, no alerts, no remaining figure")
  void enterpriseIsUnlimited() {
    OrganizationId enterprise =
        Seed.subscribed(fixture, Seed.enterprise("sub_e", "cus_e", "org_ent").build());

    Allowed last = null;
    for (int i = 0; i < 3; i++) {
      last = allowed(record(enterprise, 10_000, "big-" + i));
      assertThat(last.newAlerts()).isEmpty();
    }

    assertThat(last.used()).isEqualTo(30_000);
    assertThat(last.limit()).isEqualTo(Quota.unlimited());
    assertThat(last.remaining()).isEmpty();
    assertThat(fixture.alerts.published()).isEmpty();
    BillingOverview overview = billing.overview(enterprise);
    assertThat(overview.alerts()).isEmpty();
    assertThat(overview.usage().get(Metric.TEST_RUNS).percent()).isEmpty();
  }

  @Test
  @DisplayName("one increment across several thresholds raises each of them once")
  void jumpAcrossThresholds() {
    Allowed jump = allowed(record(free, 85, "jump"));
    Allowed step = allowed(record(free, 5, "step"));
    Allowed small = allowed(record(free, 1, "small"));

    assertThat(jump.newAlerts()).extracting(UsageAlert::threshold).containsExactly(50, 80);
    assertThat(jump.newAlerts()).extracting(UsageAlert::used).containsOnly(85L);
    assertThat(step.newAlerts()).extracting(UsageAlert::threshold).containsExactly(90);
    assertThat(small.newAlerts()).isEmpty();
    assertThat(fixture.alerts.published())
        .extracting(UsageAlert::threshold)
        .containsExactly(50, 80, 90);
  }

  @Test
  @DisplayName("a refused increment raises no alert, even at the limit")
  void refusalRaisesNoAlert() {
    record(free, 99, "bulk");
    refused(record(free, 2, "two"));

    assertThat(fixture.alerts.published())
        .extracting(UsageAlert::threshold)
        .containsExactly(50, 80, 90);
  }

  @Test
  @DisplayName("alerts are listed in the overview until the period ends, and not in the next one")
  void alertsListedUntilPeriodEnds() {
    record(free, 50, "half");
    assertThat(billing.overview(free).alerts())
        .extracting(UsageAlert::threshold)
        .containsExactly(50);

    fixture.clock.set(MARCH_END.minusSeconds(1));
    assertThat(billing.overview(free).alerts())
        .extracting(UsageAlert::threshold)
        .containsExactly(50);

    fixture.clock.set(MARCH_END);
    BillingOverview april = billing.overview(free);
    assertThat(april.alerts()).isEmpty();
    assertThat(april.currentPeriod().start()).isEqualTo(MARCH_END);
    assertThat(april.usage().get(Metric.TEST_RUNS).used()).isZero();
  }

  @Test
  @DisplayName("a new calendar month starts a new counter on Free; the old one keeps its count")
  void newMonthNewCounter() {
    record(free, 100, "all");
    refused(record(free, 1, "one-more"));

    fixture.clock.set(MARCH_END.plus(Duration.ofHours(1)));
    Allowed april = allowed(record(free, 1, "one-more"));

    assertThat(april.used()).isEqualTo(1);
    assertThat(april.replayed()).as("run ids are scoped to their period").isFalse();
    assertThat(fixture.usageCounters.used(new UsageKey(free, Metric.TEST_RUNS, march().start())))
        .isEqualTo(100);
  }

  @Test
  @DisplayName(
      "when a paid period ends before the renewal is reported, a new counter starts and the"
          + " renewal keeps it")
  void paidPeriodRollsForwardWithoutSplitting() {
    OrganizationId team = Seed.subscribed(fixture, Seed.team("sub_1", "cus_1", "org_team").build());
    record(team, 3, "before");
    Duration length = Duration.between(PERIOD_START, PERIOD_END);

    fixture.clock.set(PERIOD_END.plus(Duration.ofHours(1)));
    Allowed afterEnd = allowed(record(team, 1, "after-end"));
    assertThat(afterEnd.used()).isEqualTo(1);
    assertThat(billing.overview(team).currentPeriod())
        .isEqualTo(new UsagePeriod(PERIOD_END, PERIOD_END.plus(length)));

    billing.handle(
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_renewed")
            .created(PERIOD_END.plusSeconds(10))
            .subscription(
                Seed.team("sub_1", "cus_1", "org_team").period(PERIOD_END, PERIOD_END.plus(length)))
            .build(),
        "{}");
    Allowed afterRenewal = allowed(record(team, 1, "after-renewal"));

    assertThat(afterRenewal.used()).isEqualTo(2);
    assertThat(fixture.usageCounters.used(new UsageKey(team, Metric.TEST_RUNS, PERIOD_START)))
        .isEqualTo(3);
  }

  private static UsagePeriod march() {
    return UsagePeriod.calendarMonthOf(NOW);
  }

  private UsageOutcome record(OrganizationId org, long quantity, String runId) {
    return billing.record(org, Metric.TEST_RUNS, quantity, Optional.of(runId));
  }

  private long used(OrganizationId org) {
    return billing.overview(org).usage().get(Metric.TEST_RUNS).used();
  }

  private static Allowed allowed(UsageOutcome outcome) {
    assertThat(outcome).isInstanceOf(Allowed.class);
    return (Allowed) outcome;
  }

  private static Refused refused(UsageOutcome outcome) {
    assertThat(outcome).isInstanceOf(Refused.class);
    return (Refused) outcome;
  }
}

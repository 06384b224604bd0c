package io.agnosticbilling.domain.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.plan.PlanId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessPolicyTest {
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant END = START.plus(Duration.ofDays(30));
  private final AccessPolicy policy = AccessPolicy.defaults();

  static Subscription subscription(SubscriptionStatus status, boolean cancelAtPeriodEnd) {
    return new Subscription(
        "sub_1",
        "cus_1",
        status,
        PlanId.TEAM,
        "price_team",
        START,
        END,
        cancelAtPeriodEnd,
        Optional.empty(),
        Optional.empty(),
        START,
        1L);
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"TRIALING", "ACTIVE"})
  @DisplayName("trialing and active grant the subscribed plan with no end")
  void paidStatusesGrantThePlan(SubscriptionStatus status) {
    assertThat(policy.entitlement(subscription(status, false)))
        .contains(new Entitlement(PlanId.TEAM, Optional.empty()));
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"INCOMPLETE", "INCOMPLETE_EXPIRED", "UNPAID", "PAUSED", "CANCELED"})
  @DisplayName("incomplete, incomplete_expired, unpaid, paused and canceled grant Free limits")
  void otherStatusesGrantFree(SubscriptionStatus status) {
    assertThat(policy.entitlement(subscription(status, false))).isEmpty();
  }

  @Test
  @DisplayName("active with cancel_at_period_end keeps the plan until the period ends")
  void cancelAtPeriodEnd() {
    Entitlement e = policy.entitlement(subscription(SubscriptionStatus.ACTIVE, true)).orElseThrow();
    assertThat(e.until()).contains(END);
    assertThat(e.grantsAt(END.minusSeconds(1))).isTrue();
    assertThat(e.grantsAt(END)).isFalse();
  }

  @Test
  @DisplayName("past_due with no recorded entry keeps the plan 7 days from the period start")
  void pastDueGrace() {
    Entitlement e =
        policy.entitlement(subscription(SubscriptionStatus.PAST_DUE, false)).orElseThrow();
    assertThat(e.until()).contains(START.plus(Duration.ofDays(7)));
    assertThat(e.grantsAt(START.plus(Duration.ofDays(6)))).isTrue();
    assertThat(e.grantsAt(START.plus(Duration.ofDays(7)))).isFalse();
  }

  @Test
  @DisplayName("past_due entered mid-period keeps the plan for 7 days from entering past_due")
  void pastDueGraceFromEntering() {
    Instant entered = START.plus(Duration.ofDays(12));
    Subscription s =
        subscription(SubscriptionStatus.PAST_DUE, false)
            .sawPastDue(snapshot(SubscriptionStatus.PAST_DUE, START), entered.getEpochSecond());
    Entitlement e = policy.entitlement(s).orElseThrow();
    assertThat(e.until()).contains(entered.plus(Duration.ofDays(7)));
    assertThat(e.grantsAt(entered.plus(Duration.ofDays(6)))).isTrue();
    assertThat(e.grantsAt(entered.plus(Duration.ofDays(7)))).isFalse();
  }

  @Test
  @DisplayName("entering past_due is the earliest past_due snapshot of the current period only")
  void enteringIsTheEarliestOfThePeriod() {
    long early = START.plus(Duration.ofDays(2)).getEpochSecond();
    long late = START.plus(Duration.ofDays(5)).getEpochSecond();
    Subscription base = subscription(SubscriptionStatus.PAST_DUE, false);
    SubscriptionSnapshot pastDue = snapshot(SubscriptionStatus.PAST_DUE, START);

    assertThat(base.sawPastDue(pastDue, late).sawPastDue(pastDue, early).graceStartsAt())
        .isEqualTo(base.sawPastDue(pastDue, early).sawPastDue(pastDue, late).graceStartsAt())
        .isEqualTo(Instant.ofEpochSecond(early));
    assertThat(base.sawPastDue(snapshot(SubscriptionStatus.ACTIVE, START), early)).isEqualTo(base);
    assertThat(base.sawPastDue(snapshot(SubscriptionStatus.PAST_DUE, END), early))
        .as("another period's snapshot")
        .isEqualTo(base);
    assertThat(subscription(SubscriptionStatus.CANCELED, false).sawPastDue(pastDue, early))
        .as("an ended subscription has no grace to record")
        .isEqualTo(subscription(SubscriptionStatus.CANCELED, false));

    Subscription entered = base.sawPastDue(pastDue, early);
    assertThat(base.succeeding(entered).pastDueSince()).isEqualTo(entered.pastDueSince());
    Subscription nextPeriod =
        new Subscription(
            "sub_1",
            "cus_1",
            SubscriptionStatus.PAST_DUE,
            PlanId.TEAM,
            "price_team",
            END,
            END.plus(Duration.ofDays(30)),
            false,
            Optional.empty(),
            Optional.empty(),
            START,
            2L);
    assertThat(nextPeriod.succeeding(entered).graceStartsAt()).isEqualTo(END);
  }

  static SubscriptionSnapshot snapshot(SubscriptionStatus status, Instant periodStart) {
    return new SubscriptionSnapshot(
        "sub_1",
        "cus_1",
        Optional.empty(),
        status,
        "price_team",
        periodStart,
        periodStart.plus(Duration.ofDays(30)),
        false,
        Optional.empty(),
        Optional.empty(),
        START);
  }

  @Test
  @DisplayName("the grace window is configurable")
  void configurableGrace() {
    AccessPolicy threeDays = AccessPolicy.withGrace(Duration.ofDays(3));
    assertThat(threeDays.graceEndsAt(subscription(SubscriptionStatus.PAST_DUE, false)))
        .isEqualTo(START.plus(Duration.ofDays(3)));
  }

  @Test
  @DisplayName("the table is configurable, but terminal statuses can never grant a paid plan")
  void configurableTable() {
    Map<SubscriptionStatus, Access> table = new EnumMap<>(AccessPolicy.defaults().table());
    table.put(SubscriptionStatus.PAUSED, Access.SUBSCRIBED_PLAN);
    AccessPolicy lenient = new AccessPolicy(table, Duration.ofDays(7));
    assertThat(lenient.entitlement(subscription(SubscriptionStatus.PAUSED, false))).isPresent();

    table.put(SubscriptionStatus.CANCELED, Access.SUBSCRIBED_PLAN);
    assertThatThrownBy(() -> new AccessPolicy(table, Duration.ofDays(7)))
        .hasMessageContaining("terminal statuses must grant the free plan");
    table.remove(SubscriptionStatus.UNPAID);
    assertThatThrownBy(() -> new AccessPolicy(table, Duration.ofDays(7)))
        .hasMessageContaining("'unpaid'");
  }

  @Test
  @DisplayName("the query form used by stores agrees with the entitlement at every instant")
  void queryFormAgreesWithEntitlement() {
    Instant[] instants = {
      START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(8)), END, END.plusSeconds(1)
    };
    for (SubscriptionStatus status : SubscriptionStatus.values()) {
      for (boolean cancel : new boolean[] {false, true}) {
        Subscription s = subscription(status, cancel);
        for (Instant now : instants) {
          boolean byEntitlement = policy.entitlement(s).map(e -> e.grantsAt(now)).orElse(false);
          boolean periodEnded = !s.currentPeriodEnd().isAfter(now);
          boolean withinGrace = s.graceStartsAt().isAfter(now.minus(policy.pastDueGrace()));
          assertThat(policy.grantsPaidPlan(status, cancel, periodEnded, withinGrace))
              .as("%s cancel=%s at %s", status, cancel, now)
              .isEqualTo(byEntitlement);
        }
      }
    }
  }
}

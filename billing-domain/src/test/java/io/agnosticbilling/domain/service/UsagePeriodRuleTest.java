package io.agnosticbilling.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.usage.UsagePeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UsagePeriodRuleTest {
  static final Instant START = Instant.parse("2026-11-10T12:00:00Z");
  static final Instant END = START.plus(Duration.ofDays(30));
  private final Entitlements entitlements =
      new Entitlements(PlanCatalog.defaults(), AccessPolicy.defaults());

  static Organization withSubscription(SubscriptionStatus status) {
    return Organization.restore(
        OrganizationId.of("org_1"),
        "Acme",
        START.minus(Duration.ofDays(60)),
        Optional.of("cus_1"),
        List.of(
            new Subscription(
                "sub_1",
                "cus_1",
                status,
                PlanId.TEAM,
                "price_team",
                START,
                END,
                false,
                Optional.empty(),
                Optional.empty(),
                START,
                1L)),
        Optional.empty(),
        3);
  }

  @Test
  @DisplayName("while a paid plan is effective the period is the subscription's current period")
  void paidPlanUsesSubscriptionPeriod() {
    assertThat(
            entitlements.period(withSubscription(SubscriptionStatus.ACTIVE), START.plusSeconds(60)))
        .isEqualTo(new UsagePeriod(START, END));
  }

  @Test
  @DisplayName(
      "a period that ended before its renewal arrived rolls forward to the renewal's start")
  void endedPeriodRollsForward() {
    UsagePeriod rolled =
        entitlements.period(withSubscription(SubscriptionStatus.ACTIVE), END.plusSeconds(5));
    assertThat(rolled.start()).isEqualTo(END);
    assertThat(rolled.end()).isEqualTo(END.plus(Duration.ofDays(30)));
  }

  @Test
  @DisplayName("on Free limits the period is the calendar month in UTC")
  void freeUsesCalendarMonth() {
    Instant now = START.plus(Duration.ofDays(1));
    assertThat(entitlements.period(withSubscription(SubscriptionStatus.CANCELED), now))
        .isEqualTo(UsagePeriod.calendarMonthOf(now));
    assertThat(
            entitlements.period(
                Organization.create(OrganizationId.of("org_2"), "Free Co", now), now))
        .isEqualTo(UsagePeriod.calendarMonthOf(now));
  }
}

package io.agnosticbilling.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import io.agnosticbilling.domain.subscription.Entitlement;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The past_due grace counts from entering past_due, however the events are delivered. */
class PastDueGraceScenarioTest {
  static final Instant SIGNUP = Instant.parse("2026-11-10T09:00:00Z");
  static final Instant START = SIGNUP.plus(Duration.ofHours(1));
  static final Instant PAST_DUE_AT = START.plus(Duration.ofDays(12));
  static final Instant STILL_PAST_DUE_AT = PAST_DUE_AT.plus(Duration.ofDays(2));

  private final SubscriptionChanged active =
      event("evt_1", Change.CREATED, SubscriptionStatus.ACTIVE, START);
  private final SubscriptionChanged pastDue =
      event("evt_2", Change.UPDATED, SubscriptionStatus.PAST_DUE, PAST_DUE_AT);
  private final SubscriptionChanged stillPastDue =
      event("evt_3", Change.UPDATED, SubscriptionStatus.PAST_DUE, STILL_PAST_DUE_AT);

  @Test
  @DisplayName("past_due mid-period keeps the paid plan for 7 days from entering past_due")
  void graceCountsFromEnteringPastDue() {
    Subscription s = finalState(List.of(active, pastDue, stillPastDue));
    Entitlement e = AccessPolicy.defaults().entitlement(s).orElseThrow();
    assertThat(e.until()).contains(PAST_DUE_AT.plus(Duration.ofDays(7)));
    assertThat(e.grantsAt(PAST_DUE_AT.plus(Duration.ofDays(6)))).isTrue();
    assertThat(e.grantsAt(PAST_DUE_AT.plus(Duration.ofDays(7)))).isFalse();
  }

  @Test
  @DisplayName("out of order and duplicated delivery gives the same grace end")
  void deliveryOrderDoesNotMoveTheGraceEnd() {
    Instant expected = PAST_DUE_AT.plus(Duration.ofDays(7));
    for (List<SubscriptionChanged> delivered :
        List.of(
            List.of(stillPastDue, pastDue, active),
            List.of(stillPastDue, active, pastDue, pastDue),
            List.of(pastDue, stillPastDue, pastDue, active, stillPastDue))) {
      Subscription s = finalState(delivered);
      assertThat(s.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
      assertThat(AccessPolicy.defaults().graceEndsAt(s)).as("%s", delivered).isEqualTo(expected);
    }
  }

  private static SubscriptionChanged event(
      String id, Change change, SubscriptionStatus status, Instant created) {
    SubscriptionSnapshot snapshot =
        new SubscriptionSnapshot(
            "sub_p",
            "cus_p",
            Optional.empty(),
            status,
            InMemoryBilling.TEAM_PRICE,
            START,
            START.plus(Duration.ofDays(30)),
            false,
            Optional.empty(),
            Optional.empty(),
            START);
    return new SubscriptionChanged(
        new EventHeader(id, "customer.subscription." + change.name().toLowerCase(), created, false),
        change,
        snapshot);
  }

  private static Subscription finalState(List<SubscriptionChanged> events) {
    InMemoryBilling fixture = new InMemoryBilling(SIGNUP);
    OrganizationId org =
        fixture
            .billing
            .signUp(new SignUp.Command("ops@example.com", "long enough", "Grace Co"))
            .organization()
            .id();
    fixture.clock.set(STILL_PAST_DUE_AT.plusSeconds(60));
    for (SubscriptionChanged e : events) {
      fixture.billing.handle(
          new SubscriptionChanged(e.header(), e.change(), e.subscription().withOrganizationId(org)),
          "{}");
    }
    return fixture.organizations.find(org).orElseThrow().subscription("sub_p").orElseThrow();
  }
}

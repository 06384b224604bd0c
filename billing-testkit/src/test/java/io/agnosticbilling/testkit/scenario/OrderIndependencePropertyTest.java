package io.agnosticbilling.testkit.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.ScheduleChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.subscription.ScheduledChange;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSchedule;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any permutation of any duplicated sequence of subscription events (and of the schedule events
 * that come with schedules) ends in the same state as the in-order sequence, and that state is what
 * the provider holds last, its schedule included.
 */
class OrderIndependencePropertyTest {
  static final Instant SIGNUP = Instant.parse("2026-11-10T09:00:00Z");
  static final Instant START = SIGNUP.plus(Duration.ofHours(1));
  static final List<SubscriptionStatus> LIVE =
      List.of(
          SubscriptionStatus.INCOMPLETE,
          SubscriptionStatus.TRIALING,
          SubscriptionStatus.ACTIVE,
          SubscriptionStatus.PAST_DUE,
          SubscriptionStatus.UNPAID,
          SubscriptionStatus.PAUSED);

  /** One state of the subscription at the provider, and the second its event was created. */
  record Step(
      SubscriptionStatus status,
      String price,
      boolean cancelAtPeriodEnd,
      int period,
      long gap,
      int schedule) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Step> live =
        Combinators.combine(
                Arbitraries.of(LIVE),
                Arbitraries.of(InMemoryBilling.TEAM_PRICE, InMemoryBilling.ENTERPRISE_PRICE),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 2),
                Arbitraries.integers().between(0, 2))
            .as(Step::new);
    Arbitrary<Step> ending =
        Combinators.combine(
                Arbitraries.of(SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED),
                Arbitraries.of(InMemoryBilling.TEAM_PRICE),
                Arbitraries.of(false),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 2),
                Arbitraries.just(0))
            .as(Step::new);
    // Stray updates after the end model "a terminal status is never left": the provider keeps
    // the subscription ended whatever a later event claims.
    return Combinators.combine(
            live.list().ofMinSize(1).ofMaxSize(6),
            ending.list().ofMinSize(0).ofMaxSize(2),
            live.list().ofMinSize(0).ofMaxSize(2))
        .as(
            (a, b, stray) -> {
              List<Step> all = new ArrayList<>(a);
              all.addAll(b);
              if (!b.isEmpty()) {
                all.addAll(stray);
              }
              return all;
            });
  }

  @Property(tries = 300)
  void anyPermutationOfAnyDuplicatedSequenceEndsInTheInOrderState(
      @ForAll("histories") List<Step> history,
      @ForAll @IntRange(min = 1, max = 3) int copies,
      @ForAll Random random) {
    List<BillingEvent> inOrder = events(history);
    SubscriptionSnapshot last = truth(inOrder);

    Subscription expected = finalState(inOrder, last);

    List<BillingEvent> delivered = new ArrayList<>();
    for (BillingEvent e : inOrder) {
      int n = 1 + random.nextInt(copies);
      for (int i = 0; i < n; i++) {
        delivered.add(e);
      }
    }
    Collections.shuffle(delivered, random);
    Subscription actual = finalState(delivered, last);

    // The bookkeeping stamp may differ (a tie settled by a fetch is stamped with the tie's
    // second); everything the state says must not.
    assertThat(actual)
        .usingRecursiveComparison()
        .ignoringFields("lastEventCreated")
        .isEqualTo(expected);
    assertThat(actual.status()).isEqualTo(last.status());
    assertThat(actual.priceId()).isEqualTo(last.priceId());
    assertThat(actual.currentPeriodStart()).isEqualTo(last.currentPeriodStart());
    assertThat(actual.cancelAtPeriodEnd()).isEqualTo(last.cancelAtPeriodEnd());
    assertThat(actual.schedule()).isEqualTo(read(last.schedule(), last));
  }

  /** The provider's reading of a schedule an event names: it moves to Team at the period's end. */
  private static SubscriptionSchedule read(SubscriptionSchedule named, SubscriptionSnapshot s) {
    return named.id().isEmpty()
        ? named
        : new SubscriptionSchedule.Read(
            named.id().get(),
            Optional.of(
                new ScheduledChange(
                    InMemoryBilling.TEAM_PRICE, Optional.empty(), s.currentPeriodEnd())));
  }

  /** Delivers the events to a fresh system whose provider holds {@code truth}; a 5xx is retried. */
  private static Subscription finalState(List<BillingEvent> events, SubscriptionSnapshot truth) {
    InMemoryBilling fixture = new InMemoryBilling(SIGNUP);
    OrganizationId org =
        fixture
            .billing
            .signUp(new SignUp.Command("ops@example.com", "long enough", "Prop Co"))
            .organization()
            .id();
    fixture.provider.putSubscription(
        truth.withOrganizationId(org).withSchedule(read(truth.schedule(), truth)));
    fixture.clock.set(START.plus(Duration.ofDays(1)));
    for (BillingEvent e : events) {
      BillingEvent mine =
          e instanceof SubscriptionChanged c
              ? new SubscriptionChanged(
                  c.header(), c.change(), c.subscription().withOrganizationId(org))
              : e;
      try {
        fixture.billing.handle(mine, "{}");
      } catch (EventProcessingException retriedByStripe) {
        fixture.billing.handle(mine, "{}");
      }
    }
    return fixture.organizations.find(org).orElseThrow().subscription("sub_p").orElseThrow();
  }

  /** What the provider holds at the end: the last event, or the first ending and what followed. */
  private static SubscriptionSnapshot truth(List<BillingEvent> inOrder) {
    List<SubscriptionSnapshot> snapshots =
        inOrder.stream()
            .filter(SubscriptionChanged.class::isInstance)
            .map(e -> ((SubscriptionChanged) e).subscription())
            .toList();
    SubscriptionSnapshot truth = snapshots.get(0);
    for (SubscriptionSnapshot s : snapshots) {
      if (!truth.status().isTerminal() || s.status().isTerminal()) {
        truth = s;
      }
    }
    return truth;
  }

  /**
   * The subscription's events, each followed by a schedule event when it names a schedule (a
   * schedule's events carry no state here: they make the domain read the provider).
   */
  private static List<BillingEvent> events(List<Step> history) {
    List<BillingEvent> events = new ArrayList<>();
    long second = START.getEpochSecond();
    // Periods only move forward at the provider; a period that came back would make "the
    // earliest past_due of this period" depend on which later period was seen in between.
    int period = 0;
    for (int i = 0; i < history.size(); i++) {
      Step step = history.get(i);
      second += step.gap();
      period = Math.max(period, step.period());
      Instant periodStart = START.plus(Duration.ofDays(30L * period));
      SubscriptionSnapshot snapshot =
          new SubscriptionSnapshot(
              "sub_p",
              "cus_p",
              Optional.empty(),
              step.status(),
              step.price(),
              periodStart,
              periodStart.plus(Duration.ofDays(30)),
              step.cancelAtPeriodEnd(),
              step.status() == SubscriptionStatus.CANCELED
                  ? Optional.of(Instant.ofEpochSecond(second))
                  : Optional.empty(),
              Optional.empty(),
              START,
              Optional.empty(),
              step.schedule() == 0
                  ? SubscriptionSchedule.NONE
                  : new SubscriptionSchedule.Attached("sub_sched_" + step.schedule()));
      Change change =
          i == 0 ? Change.CREATED : step.status().isTerminal() ? Change.DELETED : Change.UPDATED;
      events.add(
          new SubscriptionChanged(
              new EventHeader(
                  "evt_" + i,
                  "customer.subscription." + change.name().toLowerCase(),
                  Instant.ofEpochSecond(second),
                  false),
              change,
              snapshot));
      if (step.schedule() != 0) {
        events.add(
            new ScheduleChanged(
                new EventHeader(
                    "evt_sched_" + i,
                    "subscription_schedule.updated",
                    Instant.ofEpochSecond(second),
                    false),
                "sub_sched_" + step.schedule(),
                "sub_p",
                "cus_p"));
      }
    }
    return events;
  }
}

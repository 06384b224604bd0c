package io.agnosticbilling.domain.subscription;

import static io.agnosticbilling.domain.subscription.SubscriptionStatus.ACTIVE;
import static io.agnosticbilling.domain.subscription.SubscriptionStatus.CANCELED;
import static io.agnosticbilling.domain.subscription.SubscriptionStatus.INCOMPLETE_EXPIRED;
import static io.agnosticbilling.domain.subscription.SubscriptionStatus.PAST_DUE;
import static io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision.APPLY;
import static io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision.RESOLVE_BY_FETCH;
import static io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision.STALE;
import static io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.SubscriptionTransition.Decision;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubscriptionTransitionTest {
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  static SubscriptionSnapshot snapshot(SubscriptionStatus status) {
    return new SubscriptionSnapshot(
        "sub_1",
        "cus_1",
        Optional.empty(),
        status,
        "price_team",
        START,
        START.plusSeconds(30 * 86400),
        false,
        Optional.empty(),
        Optional.empty(),
        START);
  }

  static Subscription stored(SubscriptionStatus status, long lastEventCreated) {
    return Subscription.from(snapshot(status), PlanId.TEAM, lastEventCreated);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // stored (status, created) | incoming (status, created) | decision
        Arguments.of(null, 0L, ACTIVE, 100L, APPLY),
        Arguments.of(ACTIVE, 100L, PAST_DUE, 101L, APPLY),
        Arguments.of(PAST_DUE, 101L, ACTIVE, 100L, STALE),
        Arguments.of(ACTIVE, 100L, PAST_DUE, 100L, RESOLVE_BY_FETCH),
        Arguments.of(ACTIVE, 100L, ACTIVE, 100L, UNCHANGED),
        Arguments.of(CANCELED, 100L, ACTIVE, 200L, STALE),
        Arguments.of(INCOMPLETE_EXPIRED, 100L, ACTIVE, 200L, STALE),
        Arguments.of(ACTIVE, 200L, CANCELED, 100L, APPLY),
        Arguments.of(CANCELED, 100L, CANCELED, 200L, APPLY),
        Arguments.of(CANCELED, 200L, CANCELED, 100L, STALE),
        Arguments.of(CANCELED, 100L, INCOMPLETE_EXPIRED, 100L, RESOLVE_BY_FETCH));
  }

  @ParameterizedTest(name = "stored {0}@{1}, incoming {2}@{3} -> {4}")
  @MethodSource("table")
  void decidesLikeTheTable(
      SubscriptionStatus storedStatus,
      long storedAt,
      SubscriptionStatus incomingStatus,
      long incomingAt,
      Decision expected) {
    Optional<Subscription> current =
        storedStatus == null ? Optional.empty() : Optional.of(stored(storedStatus, storedAt));
    assertThat(SubscriptionTransition.decide(current, snapshot(incomingStatus), incomingAt))
        .isEqualTo(expected);
  }
}

package io.agnosticbilling.domain.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.PlanId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LimitExceededTest {
  @Test
  @DisplayName("a test-run refusal says the figures and the plan to upgrade to, as in domain.md")
  void testRunSentence() {
    LimitExceeded refusal =
        new LimitExceeded(
            MetricDefinition.TEST_RUNS,
            100,
            100,
            1,
            PlanId.FREE,
            "Free",
            Optional.of(PlanId.TEAM),
            Optional.of("Team"),
            OptionalLong.of(1000),
            Optional.of(Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(refusal.message())
        .isEqualTo(
            "Your organization used 100 of 100 test runs this period on the Free plan."
                + " Upgrade to Team for 1,000 test runs per month.");
  }

  @Test
  @DisplayName("a seat refusal names an unlimited next plan")
  void seatSentence() {
    LimitExceeded refusal =
        new LimitExceeded(
            MetricDefinition.USERS,
            20,
            20,
            1,
            PlanId.TEAM,
            "Team",
            Optional.of(PlanId.ENTERPRISE),
            Optional.of("Enterprise"),
            OptionalLong.empty(),
            Optional.empty());
    assertThat(refusal.message())
        .isEqualTo(
            "Your organization has 20 of 20 users on the Team plan."
                + " Upgrade to Enterprise for unlimited users.");
  }

  @Test
  @DisplayName("a refusal of a catalog-defined metric reads with the catalog's noun")
  void catalogMetricSentence() {
    LimitExceeded refusal =
        new LimitExceeded(
            MetricDefinition.metered("apiCalls", "API calls"),
            5000,
            5000,
            10,
            PlanId.FREE,
            "Free",
            Optional.of(PlanId.TEAM),
            Optional.of("Team"),
            OptionalLong.of(50000),
            Optional.empty());
    assertThat(refusal.metric().key()).isEqualTo("apiCalls");
    assertThat(refusal.message())
        .isEqualTo(
            "Your organization used 5,000 of 5,000 API calls this period on the Free plan."
                + " Upgrade to Team for 50,000 API calls per month.");
  }
}

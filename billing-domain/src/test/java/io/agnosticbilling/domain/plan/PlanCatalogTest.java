package io.agnosticbilling.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlanCatalogTest {
  private final PlanCatalog catalog = PlanCatalog.defaults();

  @Test
  @DisplayName("the default catalog sells Free, Team at 9900 USD cents and Enterprise at 49900")
  void defaultCatalog() {
    assertThat(catalog.plans())
        .extracting(Plan::id)
        .containsExactly(PlanId.FREE, PlanId.TEAM, PlanId.ENTERPRISE);
    Plan free = catalog.require(PlanId.FREE);
    Plan team = catalog.require(PlanId.TEAM);
    Plan enterprise = catalog.require(PlanId.ENTERPRISE);
    assertThat(free.price()).isEqualTo(Money.usd(0));
    assertThat(free.limit(Metric.USERS)).isEqualTo(Quota.of(3));
    assertThat(free.limit(Metric.TEST_RUNS)).isEqualTo(Quota.of(100));
    assertThat(team.price()).isEqualTo(Money.usd(9900));
    assertThat(team.limit(Metric.USERS)).isEqualTo(Quota.of(20));
    assertThat(team.limit(Metric.TEST_RUNS)).isEqualTo(Quota.of(1000));
    assertThat(team.features()).contains(Feature.on("emailSupport", "email support"));
    assertThat(team.priceFor(BillingInterval.YEAR)).contains(Money.usd(99000));
    assertThat(team.trialDays()).isEmpty();
    assertThat(enterprise.price()).isEqualTo(Money.usd(49900));
    assertThat(enterprise.limit(Metric.USERS).isUnlimited()).isTrue();
    assertThat(enterprise.limit(Metric.TEST_RUNS).isUnlimited()).isTrue();
    assertThat(enterprise.features())
        .containsExactly(
            Feature.on("prioritySupport", "priority support"),
            Feature.off("sso", "SSO (coming soon)"));
    assertThat(enterprise.grants("prioritySupport")).isTrue();
    assertThat(enterprise.grants("sso")).as("listed, but coming soon").isFalse();
    assertThat(team.grants("prioritySupport")).as("not listed").isFalse();
    assertThat(catalog.featureKeys())
        .containsExactly("communitySupport", "emailSupport", "prioritySupport", "sso");
    assertThat(catalog.metered()).containsExactly(MetricDefinition.TEST_RUNS);
    assertThat(catalog.alertThresholds()).containsExactly(50, 80, 90, 100);
  }

  @Test
  @DisplayName(
      "a plan is found by its current price, a former price, or, for an unlisted price, its product")
  void planByPriceFormerPriceOrProduct() {
    PlanCatalog priced =
        catalog
            .withProviderPrices(Map.of(PlanId.TEAM, "price_team_2026"))
            .withFormerPriceIds(Map.of(PlanId.TEAM, Set.of("price_team_2025")))
            .withProviderProducts(
                Map.of(PlanId.TEAM, "prod_team", PlanId.ENTERPRISE, "prod_enterprise"));

    assertThat(priced.byProviderPrice("price_team_2026", Optional.empty()))
        .map(Plan::id)
        .contains(PlanId.TEAM);
    assertThat(priced.byProviderPrice("price_team_2025", Optional.of("prod_enterprise")))
        .as("a listed price wins over the product")
        .map(Plan::id)
        .contains(PlanId.TEAM);
    assertThat(priced.byProviderPrice("price_unlisted", Optional.of("prod_enterprise")))
        .map(Plan::id)
        .contains(PlanId.ENTERPRISE);
    assertThat(priced.byProviderPrice("price_unlisted", Optional.of("prod_other"))).isEmpty();
    assertThat(priced.byProviderPrice("price_unlisted", Optional.empty())).isEmpty();
  }

  @Test
  @DisplayName("a price or a product listed for two plans is refused")
  void priceOrProductOfTwoPlansRefused() {
    assertThatThrownBy(
            () ->
                catalog
                    .withProviderPrices(Map.of(PlanId.TEAM, "price_x"))
                    .withFormerPriceIds(Map.of(PlanId.ENTERPRISE, Set.of("price_x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("price 'price_x' is listed for plans 'team' and 'enterprise'");
    assertThatThrownBy(
            () ->
                catalog.withProviderProducts(
                    Map.of(PlanId.TEAM, "prod_x", PlanId.ENTERPRISE, "prod_x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product 'prod_x' is listed for plans 'team' and 'enterprise'");
  }

  @Test
  @DisplayName("unlimited is its own type: it allows any amount and has no number")
  void unlimitedIsAType() {
    Quota unlimited = Quota.unlimited();
    assertThat(unlimited.allows(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2)).isTrue();
    assertThat(unlimited.limit()).isEmpty();
    assertThat(Quota.of(10).allows(9, 1)).isTrue();
    assertThat(Quota.of(10).allows(10, 1)).isFalse();
    assertThatThrownBy(() -> Quota.of(-1)).hasMessage("'limit' must not be negative");
  }

  @Test
  @DisplayName("the next plan up is the lowest-ranked one that allows more of the metric")
  void nextUp() {
    assertThat(catalog.nextUp(catalog.free(), Metric.TEST_RUNS))
        .map(Plan::id)
        .contains(PlanId.TEAM);
    assertThat(catalog.nextUp(catalog.require(PlanId.TEAM), Metric.USERS))
        .map(Plan::id)
        .contains(PlanId.ENTERPRISE);
    assertThat(catalog.nextUp(catalog.require(PlanId.ENTERPRISE), Metric.USERS)).isEmpty();
    assertThat(catalog.above(catalog.free()))
        .extracting(Plan::id)
        .containsExactly(PlanId.TEAM, PlanId.ENTERPRISE);
  }

  @Test
  @DisplayName("plans are found by the provider price that sells them once prices are configured")
  void byProviderPrice() {
    PlanCatalog priced =
        catalog.withProviderPrices(
            Map.of(PlanId.TEAM, "price_team", PlanId.ENTERPRISE, "price_ent"));
    assertThat(priced.byProviderPriceId("price_team")).map(Plan::id).contains(PlanId.TEAM);
    assertThat(priced.byProviderPriceId("price_ent")).map(Plan::id).contains(PlanId.ENTERPRISE);
    assertThat(priced.byProviderPriceId("price_unknown")).isEmpty();
    assertThat(catalog.byProviderPriceId("price_team")).isEmpty();
  }

  @Test
  @DisplayName("an unknown plan is refused with the plans on sale")
  void unknownPlan() {
    assertThatThrownBy(() -> catalog.require(PlanId.of("gold")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Unknown plan 'gold'")
        .hasMessageContaining("team");
  }

  @Test
  @DisplayName("a catalog that breaks a rule is refused by its constructor, saying which rule")
  void refusesNonsense() {
    Plan free = plan("free", 0, 0);
    assertThatThrownBy(() -> PlanCatalog.of(List.of(), List.of(50)))
        .hasMessageContaining("at least one plan");
    assertThatThrownBy(() -> PlanCatalog.of(List.of(plan("pro", 0, 100)), List.of(50)))
        .hasMessageContaining("lowest-ranked plan ('pro') must be free");
    assertThatThrownBy(() -> PlanCatalog.of(List.of(free, plan("team", 0, 100)), List.of(50)))
        .hasMessageContaining("two plans share rank 0");
    assertThatThrownBy(() -> PlanCatalog.of(List.of(free, plan("free", 1, 100)), List.of(50)))
        .hasMessageContaining("plan 'free' is listed twice");
    assertThatThrownBy(() -> PlanCatalog.of(List.of(free), List.of(0)))
        .hasMessageContaining("between 1 and 100");
    assertThatThrownBy(() -> PlanCatalog.of(List.of(free), List.of(50, 50)))
        .hasMessageContaining("must not repeat");
  }

  @Test
  @DisplayName("a plan that leaves out a limit is refused naming the metric, never unlimited")
  void planNamesEveryLimit() {
    Plan withoutTestRuns =
        Plan.builder(PlanId.FREE, "Free", 0, Money.usd(0))
            .limits(Map.of(Metric.USERS, Quota.of(3)))
            .build();
    assertThatThrownBy(() -> PlanCatalog.of(List.of(withoutTestRuns), List.of(50)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plan 'free' must name a limit for 'testRuns' (a quota, or unlimited)");
    assertThatThrownBy(
            () -> Plan.builder(PlanId.FREE, "Free", 0, Money.usd(0)).limits(Map.of()).build())
        .hasMessage("'limits' must name 'users' (a quota, or unlimited)");
  }

  @Test
  @DisplayName(
      "a catalog meters its own metrics: each plan limits every one, an undefined one is refused")
  void catalogDefinedMetrics() {
    MetricDefinition apiCalls = MetricDefinition.metered("apiCalls", "API calls");
    Metric calls = apiCalls.metric();
    Plan free =
        Plan.builder(PlanId.FREE, "Free", 0, Money.usd(0))
            .limits(Map.of(Metric.USERS, Quota.of(3), calls, Quota.of(1000)))
            .build();
    PlanCatalog custom = PlanCatalog.of(List.of(free), List.of(apiCalls), List.of(80));

    assertThat(custom.metrics()).containsExactly(MetricDefinition.USERS, apiCalls);
    assertThat(custom.definition(calls)).contains(apiCalls);
    assertThat(custom.definition(Metric.TEST_RUNS)).isEmpty();
    assertThatThrownBy(() -> PlanCatalog.of(List.of(free), List.of(80)))
        .as("the default metered metric, testRuns, is not limited by this plan")
        .hasMessageContaining("must name a limit for 'testRuns'");
    assertThatThrownBy(
            () -> PlanCatalog.of(List.of(free), List.of(apiCalls, apiCalls), List.of(80)))
        .hasMessageContaining("'apiCalls' is defined twice");
    assertThatThrownBy(() -> Metric.of("api-calls")).hasMessageContaining("camelCase");
  }

  @Test
  @DisplayName(
      "a yearly price sells beside a monthly one: both prices find the plan and say their interval")
  void yearlyPrices() {
    PlanCatalog priced =
        catalog
            .withProviderPrices(Map.of(PlanId.TEAM, "price_team_m"))
            .withYearlyProviderPrices(Map.of(PlanId.TEAM, "price_team_y"))
            .withFormerPriceIds(Map.of(PlanId.TEAM, Set.of("price_team_y_2025")));
    Plan team = priced.require(PlanId.TEAM);

    assertThat(team.intervals()).containsExactly(BillingInterval.MONTH, BillingInterval.YEAR);
    assertThat(team.providerPriceIdFor(BillingInterval.YEAR)).contains("price_team_y");
    assertThat(team.intervalOf("price_team_y")).contains(BillingInterval.YEAR);
    assertThat(team.intervalOf("price_team_m")).contains(BillingInterval.MONTH);
    assertThat(team.intervalOf("price_team_y_2025")).as("a former price: unknown").isEmpty();
    for (String price : List.of("price_team_m", "price_team_y", "price_team_y_2025")) {
      assertThat(priced.byProviderPriceId(price)).map(Plan::id).contains(PlanId.TEAM);
    }
    assertThatThrownBy(
            () ->
                catalog
                    .withYearlyProviderPrices(Map.of(PlanId.TEAM, "price_x"))
                    .withProviderPrices(Map.of(PlanId.ENTERPRISE, "price_x")))
        .hasMessageContaining("price 'price_x' is listed for plans 'team' and 'enterprise'");
    assertThatThrownBy(
            () ->
                Plan.builder(PlanId.of("pro"), "Pro", 1, Money.usd(100))
                    .interval(BillingInterval.YEAR)
                    .yearlyPrice(Optional.of(Money.usd(1000)))
                    .limits(Map.of(Metric.USERS, Quota.of(1)))
                    .build())
        .hasMessageContaining("beside a monthly price only");
    assertThatThrownBy(
            () ->
                Plan.builder(PlanId.of("pro"), "Pro", 1, Money.usd(100))
                    .yearlyPrice(Optional.of(new Money(1000, "eur")))
                    .limits(Map.of(Metric.USERS, Quota.of(1)))
                    .build())
        .hasMessageContaining("currency");
  }

  @Test
  @DisplayName("a trial is 1 to 730 days on a paid plan; features name a key once")
  void trialDaysAndFeatures() {
    Plan.Builder pro =
        Plan.builder(PlanId.of("pro"), "Pro", 1, Money.usd(100))
            .limits(Map.of(Metric.USERS, Quota.of(1)));
    assertThat(pro.trialDays(OptionalInt.of(14)).build().trialDays()).hasValue(14);
    assertThatThrownBy(() -> pro.trialDays(OptionalInt.of(0)).build())
        .hasMessageContaining("'trialDays' must be between 1 and 730");
    assertThatThrownBy(
            () ->
                Plan.builder(PlanId.FREE, "Free", 0, Money.usd(0))
                    .limits(Map.of(Metric.USERS, Quota.of(1)))
                    .trialDays(OptionalInt.of(7))
                    .build())
        .hasMessageContaining("a free plan has no 'trialDays'");
    assertThatThrownBy(
            () ->
                pro.trialDays(OptionalInt.empty())
                    .features(List.of(Feature.on("sso", "SSO"), Feature.off("sso", "SSO later")))
                    .build())
        .hasMessageContaining("must not name a key twice");
    assertThatThrownBy(() -> Feature.on("Single Sign-On", "SSO")).hasMessageContaining("camelCase");
  }

  private static Plan plan(String id, int rank, long price) {
    return new Plan(
        PlanId.of(id),
        id,
        rank,
        Money.usd(price),
        BillingInterval.MONTH,
        Map.of(Metric.USERS, Quota.of(3), Metric.TEST_RUNS, Quota.unlimited()),
        List.of(),
        Optional.empty());
  }
}

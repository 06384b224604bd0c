package io.agnosticbilling.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.InvalidInputException;
import java.util.Map;
import java.util.Optional;
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
    assertThat(team.features()).contains("email support");
    assertThat(enterprise.price()).isEqualTo(Money.usd(49900));
    assertThat(enterprise.limit(Metric.USERS).isUnlimited()).isTrue();
    assertThat(enterprise.limit(Metric.TEST_RUNS).isUnlimited()).isTrue();
    assertThat(enterprise.features()).contains("priority support", "SSO (coming soon)");
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
  @DisplayName("a JSON document replaces plans, limits (null = unlimited) and alert thresholds")
  void fromJson() {
    PlanCatalog custom =
        PlanCatalog.fromJson(
            """
            {"alertThresholds": [75, 100],
             "plans": [
               {"id": "starter", "name": "Starter", "rank": 0,
                "price": {"amount": 0, "currency": "EUR", "interval": "month"},
                "limits": {"users": 2, "testRuns": 10}, "features": ["forum"]},
               {"id": "scale", "name": "Scale", "rank": 5,
                "price": {"amount": 1999, "currency": "eur"},
                "limits": {"users": null, "testRuns": 5000}}
             ]}
            """);
    assertThat(custom.alertThresholds()).containsExactly(75, 100);
    assertThat(custom.free().id()).isEqualTo(PlanId.of("starter"));
    Plan scale = custom.require(PlanId.of("scale"));
    assertThat(scale.price()).isEqualTo(new Money(1999, "eur"));
    assertThat(scale.interval()).isEqualTo("month");
    assertThat(scale.limit(Metric.USERS).isUnlimited()).isTrue();
    assertThat(scale.limit(Metric.TEST_RUNS)).isEqualTo(Quota.of(5000));
  }

  @Test
  @DisplayName("a catalog document that breaks a rule is refused with where and why")
  void invalidJson() {
    assertThatThrownBy(() -> PlanCatalog.fromJson("{\"plans\": ["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid JSON");
    assertThatThrownBy(
            () ->
                PlanCatalog.fromJson(
                    "{\"plans\":[{\"id\":\"pro\",\"name\":\"Pro\",\"rank\":0,"
                        + "\"price\":{\"amount\":100,\"currency\":\"usd\"}}]}"))
        .hasMessageContaining("lowest-ranked plan ('pro') must be free");
    assertThatThrownBy(
            () ->
                PlanCatalog.fromJson(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\"},\"limits\":{\"seats\":1}}]}"))
        .hasMessageContaining("plans[0].limits: unknown metric 'seats'");
    assertThatThrownBy(
            () ->
                PlanCatalog.fromJson(
                    "{\"alertThresholds\":[0],\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\"}}]}"))
        .hasMessageContaining("between 1 and 100");
    assertThatThrownBy(
            () ->
                PlanCatalog.fromJson(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":-5,\"currency\":\"usd\"}}]}"))
        .hasMessageContaining("'amountMinor' must not be negative");
  }
}

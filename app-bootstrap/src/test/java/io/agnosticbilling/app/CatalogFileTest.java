package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Feature;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.plan.Quota;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CatalogFileTest {

  @Test
  @DisplayName("a JSON document replaces plans, limits (null = unlimited) and alert thresholds")
  void readsDocument() {
    PlanCatalog custom =
        CatalogFile.parse(
            """
            {"alertThresholds": [75, 100],
             "plans": [
               {"id": "starter", "name": "Starter", "rank": 0,
                "price": {"amount": 0, "currency": "EUR", "interval": "month"},
                "limits": {"users": 2, "testRuns": 10},
                "features": [{"key": "forum", "enabled": true, "text": "forum"}]},
               {"id": "scale", "name": "Scale", "rank": 5,
                "price": {"amount": 19990, "currency": "eur", "interval": "year"},
                "limits": {"users": null, "testRuns": 5000}}
             ]}
            """);
    assertThat(custom.alertThresholds()).containsExactly(75, 100);
    assertThat(custom.free().id()).isEqualTo(PlanId.of("starter"));
    assertThat(custom.free().features()).containsExactly(Feature.on("forum", "forum"));
    Plan scale = custom.require(PlanId.of("scale"));
    assertThat(scale.price()).isEqualTo(new Money(19990, "eur"));
    assertThat(scale.interval()).isEqualTo(BillingInterval.YEAR);
    assertThat(scale.limit(Metric.USERS).isUnlimited()).isTrue();
    assertThat(scale.limit(Metric.TEST_RUNS)).isEqualTo(Quota.of(5000));
  }

  @Test
  @DisplayName(
      "keyed features, metered metrics, a yearly price and trial days are read from the document")
  void readsEntitlementsMetricsYearlyPriceAndTrial() {
    PlanCatalog custom =
        CatalogFile.parse(
            """
            {"metrics": [{"key": "testRuns", "noun": "test runs"},
                         {"key": "apiCalls", "noun": "API calls"}],
             "plans": [
               {"id": "free", "name": "Free", "rank": 0,
                "price": {"amount": 0, "currency": "usd"},
                "limits": {"users": 2, "testRuns": 10, "apiCalls": 1000}},
               {"id": "pro", "name": "Pro", "rank": 1,
                "price": {"amount": 2900, "currency": "usd", "interval": "month"},
                "yearlyPrice": {"amount": 29000, "currency": "usd"}, "trialDays": 14,
                "limits": {"users": 10, "testRuns": null, "apiCalls": 100000},
                "features": [{"key": "prioritySupport", "enabled": true, "text": "Priority"},
                             {"key": "sso", "enabled": false, "text": "SSO (coming soon)"}]}
             ]}
            """);
    Plan pro = custom.require(PlanId.of("pro"));
    assertThat(custom.metered())
        .containsExactly(
            MetricDefinition.TEST_RUNS, MetricDefinition.metered("apiCalls", "API calls"));
    assertThat(pro.limit(Metric.of("apiCalls"))).isEqualTo(Quota.of(100000));
    assertThat(pro.priceFor(BillingInterval.YEAR)).contains(Money.usd(29000));
    assertThat(pro.trialDays()).hasValue(14);
    assertThat(pro.features())
        .containsExactly(
            Feature.on("prioritySupport", "Priority"), Feature.off("sso", "SSO (coming soon)"));
    assertThat(custom.free().trialDays()).isEmpty();
  }

  @Test
  @DisplayName("a malformed feature, metric, yearly price or trial is an error naming the field")
  void malformedEntitlementsAreErrors() {
    String free =
        "{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
            + "\"price\":{\"amount\":0,\"currency\":\"usd\"},"
            + "\"limits\":{\"users\":1,\"testRuns\":1}";
    assertThatThrownBy(
            () -> CatalogFile.parse("{\"plans\":[" + free + ",\"features\":[\"forum\"]}]}"))
        .hasMessageStartingWith("plans[0].features[0] must be an object");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":["
                        + free
                        + ",\"features\":[{\"key\":\"sso\",\"enabled\":\"no\",\"text\":\"SSO\"}]}]}"))
        .hasMessage("plans[0].features[0].enabled must be true or false");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":["
                        + free
                        + ",\"features\":[{\"key\":\"sso\",\"enabled\":true}]}]}"))
        .hasMessage("plans[0].features[0].text must be a string");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":["
                        + free
                        + ",\"features\":[{\"key\":\"single sign-on\",\"enabled\":true,"
                        + "\"text\":\"SSO\"}]}]}"))
        .hasMessageStartingWith("plans[0].features[0]: 'key' must be camelCase");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"metrics\":[{\"key\":\"apiCalls\"}],\"plans\":[" + free + "}]}"))
        .hasMessage("metrics[0].noun must be a string");
    String limitsApiCalls = free.replace("\"testRuns\":1}", "\"testRuns\":1,\"apiCalls\":3}");
    assertThatThrownBy(() -> CatalogFile.parse("{\"plans\":[" + limitsApiCalls + "}]}"))
        .hasMessageStartingWith("plans[0].limits: unknown metric 'apiCalls'");
    assertThatThrownBy(() -> CatalogFile.parse("{\"plans\":[" + free + ",\"trialDays\":0}]}"))
        .hasMessage("plans[0].trialDays must be between 1 and 730");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":["
                        + free
                        + ",\"yearlyPrice\":{\"amount\":\"ten\",\"currency\":\"usd\"}}]}"))
        .hasMessage("plans[0].yearlyPrice.amount must be a whole number");
  }

  @Test
  @DisplayName("a price without an interval is monthly")
  void monthlyByDefault() {
    PlanCatalog catalog =
        CatalogFile.parse(
            "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                + "\"price\":{\"amount\":0,\"currency\":\"usd\"},"
                + "\"limits\":{\"users\":1,\"testRuns\":1}}]}");
    assertThat(catalog.free().interval()).isEqualTo(BillingInterval.MONTH);
  }

  @Test
  @DisplayName("a plan that omits its limits, or one of them, is an error naming the field")
  void omittedLimitsAreErrors() {
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\"}}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plans[0].limits is required (name every metric)");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\"},"
                        + "\"limits\":{\"users\":3}}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plans[0].limits.testRuns is required (a whole number, or null for unlimited)");
  }

  @Test
  @DisplayName("a catalog document that breaks a rule is refused with where and why")
  void invalidDocuments() {
    String limits = ",\"limits\":{\"users\":1,\"testRuns\":1}";
    assertThatThrownBy(() -> CatalogFile.parse("{\"plans\": ["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid JSON");
    assertThatThrownBy(() -> CatalogFile.parse("[]"))
        .hasMessage("the catalog must be a JSON object");
    assertThatThrownBy(() -> CatalogFile.parse("{\"plans\": 3}"))
        .hasMessage("plans must be an array");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"pro\",\"name\":\"Pro\",\"rank\":0,"
                        + "\"price\":{\"amount\":100,\"currency\":\"usd\"}"
                        + limits
                        + "}]}"))
        .hasMessageContaining("lowest-ranked plan ('pro') must be free");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\"},\"limits\":{\"seats\":1}}]}"))
        .hasMessageContaining("plans[0].limits: unknown metric 'seats'");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"alertThresholds\":[0],\"plans\":[{\"id\":\"free\",\"name\":\"Free\","
                        + "\"rank\":0,\"price\":{\"amount\":0,\"currency\":\"usd\"}"
                        + limits
                        + "}]}"))
        .hasMessageContaining("between 1 and 100");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":-5,\"currency\":\"usd\"}"
                        + limits
                        + "}]}"))
        .hasMessageContaining("plans[0]: 'amountMinor' must not be negative");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":0,"
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\",\"interval\":\"week\"}"
                        + limits
                        + "}]}"))
        .hasMessage("plans[0].price.interval must be 'month' or 'year', not 'week'");
    assertThatThrownBy(
            () ->
                CatalogFile.parse(
                    "{\"plans\":[{\"id\":\"free\",\"name\":\"Free\",\"rank\":\"0\","
                        + "\"price\":{\"amount\":0,\"currency\":\"usd\"}"
                        + limits
                        + "}]}"))
        .hasMessage("plans[0].rank must be a whole number");
  }
}

package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aUsageAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.port.out.UsageAlerts;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link UsageAlerts} adapter must do. Extend it in the adapter's tests and
 * return a store from {@link #newAlerts()}.
 */
public abstract class UsageAlertsContract {
  private static final OrganizationId ORG = OrganizationId.of("org_1");
  private static final Instant NEXT_PERIOD = T0.plus(Duration.ofDays(31));

  /** The store under test, fresh for each test. */
  protected UsageAlerts alerts;

  /** An EMPTY store, called once before each test. */
  protected abstract UsageAlerts newAlerts();

  /**
   * A second client on the same data as the last {@link #newAlerts()}, so concurrency tests race
   * two clients as two server instances would. Defaults to the same instance.
   */
  protected UsageAlerts secondClientOnSameStore() {
    return alerts;
  }

  @BeforeEach
  void freshStore() {
    alerts = newAlerts();
  }

  @Test
  @DisplayName("the first alert is recorded and listed with every field")
  void firstAlertRecorded() {
    UsageAlert alert = aUsageAlert().threshold(90).used(912, 1000).at(T0.plusMillis(5)).build();

    assertThat(alerts.recordOnce(alert)).isTrue();
    assertThat(alerts.list(ORG, T0)).containsExactly(alert);
  }

  @Test
  @DisplayName("the same organization, metric, period and threshold is recorded once; first kept")
  void duplicateIsRefused() {
    UsageAlert first = aUsageAlert().used(80, 100).at(T0.plusSeconds(1)).build();
    alerts.recordOnce(first);

    boolean again = alerts.recordOnce(aUsageAlert().used(85, 100).at(T0.plusSeconds(2)).build());

    assertThat(again).isFalse();
    assertThat(alerts.list(ORG, T0)).containsExactly(first);
  }

  @Test
  @DisplayName("another threshold, metric, period or organization is a different alert")
  void eachKeyPartMatters() {
    alerts.recordOnce(aUsageAlert().build());

    assertThat(alerts.recordOnce(aUsageAlert().threshold(90).build())).isTrue();
    assertThat(alerts.recordOnce(aUsageAlert().metric(Metric.USERS).build())).isTrue();
    assertThat(alerts.recordOnce(aUsageAlert().periodStart(NEXT_PERIOD).build())).isTrue();
    assertThat(alerts.recordOnce(aUsageAlert().organization("org_2").build())).isTrue();
  }

  @Test
  @DisplayName("list returns the organization's alerts of that period only, oldest first")
  void listFiltersAndOrders() {
    UsageAlert late = aUsageAlert().threshold(100).at(T0.plusSeconds(300)).build();
    UsageAlert early = aUsageAlert().threshold(50).at(T0.plusSeconds(100)).build();
    UsageAlert middle = aUsageAlert().threshold(80).at(T0.plusSeconds(200)).build();
    alerts.recordOnce(late);
    alerts.recordOnce(early);
    alerts.recordOnce(aUsageAlert().organization("org_2").build());
    alerts.recordOnce(aUsageAlert().periodStart(NEXT_PERIOD).build());
    alerts.recordOnce(middle);

    assertThat(alerts.list(ORG, T0)).containsExactly(early, middle, late);
  }

  @Test
  @DisplayName("an organization without alerts lists none")
  void noAlerts() {
    assertThat(alerts.list(ORG, T0)).isEmpty();
  }

  @Test
  @DisplayName("16 concurrent crossings of 80 % record exactly one alert")
  void concurrentCrossingsRecordOnce() {
    UsageAlerts second = secondClientOnSameStore();

    List<Boolean> recorded =
        Race.values(
            Race.run(
                16,
                i ->
                    (i % 2 == 0 ? alerts : second)
                        .recordOnce(aUsageAlert().used(80 + i, 100).build())));

    assertThat(recorded.stream().filter(Boolean::booleanValue)).hasSize(1);
    assertThat(alerts.list(ORG, T0)).hasSize(1);
  }
}

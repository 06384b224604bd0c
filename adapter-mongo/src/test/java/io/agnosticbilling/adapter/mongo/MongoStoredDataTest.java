package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.aUsageAlert;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.usage.UsageAlert;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad stored alerts and Checkout sessions are reported, never a NullPointerException. */
class MongoStoredDataTest extends MongoTestBase {

  @Test
  @DisplayName(
      "a stored alert whose metric is not a metric key is reported with collection and field")
  void givenMalformedMetric_whenListed_thenStoredDataException() {
    UsageAlert alert = aUsageAlert().organization("org_metric").build();
    store().usageAlerts().recordOnce(alert);
    database()
        .getCollection("usage_alerts")
        .updateOne(
            Filters.eq("organizationId", "org_metric"), Updates.set("metric", "red apples!"));

    assertThatThrownBy(
            () -> store().usageAlerts().list(alert.organizationId(), alert.periodStart()))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("usage_alerts")
        .hasMessageContaining("red apples!");
  }

  @Test
  @DisplayName("a stored session without its plan is reported, not a NullPointerException")
  void givenMissingPlan_whenFound_thenStoredDataException() {
    store()
        .checkoutSessions()
        .created(
            new CheckoutSessions.CheckoutRecord(
                "cs_bad", OrganizationId.of("org_1"), PlanId.TEAM, NOW, Optional.empty()));
    database()
        .getCollection("checkout_sessions")
        .updateOne(Filters.eq("_id", "cs_bad"), Updates.unset("plan"));

    assertThatThrownBy(() -> store().checkoutSessions().find("cs_bad"))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("checkout_sessions")
        .hasMessageContaining("cs_bad")
        .hasMessageContaining("'plan'");
  }
}

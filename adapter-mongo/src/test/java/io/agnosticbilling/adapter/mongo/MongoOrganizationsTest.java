package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.BillingReports.StatsWindow;
import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MongoOrganizationsTest extends MongoTestBase {
  private static final Instant PERIOD_START = Instant.parse("2025-03-01T00:00:00Z");
  private static final Instant PERIOD_END = Instant.parse("2025-04-01T00:00:00Z");

  @Test
  @DisplayName("the document keeps plan, billing subdocument, current period and version")
  void givenOrganizationWithSubscription_whenInserted_thenDocumentHasBillingShape() {
    Organization org =
        anOrganization()
            .id("org_shape")
            .subscription(
                aSubscription()
                    .id("sub_1")
                    .customer("cus_1")
                    .plan(PlanId.TEAM)
                    .period(PERIOD_START, PERIOD_END)
                    .lastEventCreated(1_741_000_000L))
            .build();

    store().organizations().insert(org);

    Document stored =
        database().getCollection("organizations").find(Filters.eq("_id", "org_shape")).first();
    assertThat(stored.getString("plan")).isEqualTo("team");
    assertThat(stored.getLong("version")).isEqualTo(1L);
    Document billing = stored.get("billing", Document.class);
    assertThat(billing.getString("customerId")).isEqualTo("cus_1");
    assertThat(billing.getDate("currentPeriodStart").toInstant()).isEqualTo(PERIOD_START);
    assertThat(billing.getDate("currentPeriodEnd").toInstant()).isEqualTo(PERIOD_END);
    assertThat(billing.getLong("lastEventCreated")).isEqualTo(1_741_000_000L);
    assertThat(billing.get("current", Document.class).getString("subscriptionId"))
        .isEqualTo("sub_1");
  }

  @Test
  @DisplayName("a stored subscription with an unknown status is reported with collection and id")
  void givenUnknownStatusStored_whenFound_thenStoredDataException() {
    store()
        .organizations()
        .insert(anOrganization().id("org_bad").subscription(aSubscription().id("sub_x")).build());
    database()
        .getCollection("organizations")
        .updateOne(
            Filters.eq("_id", "org_bad"), Updates.set("billing.subscriptions.0.status", "zombie"));

    assertThatThrownBy(() -> store().organizations().find(OrganizationId.of("org_bad")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("organizations")
        .hasMessageContaining("org_bad")
        .hasMessageContaining("billing.subscriptions.0.status")
        .hasMessageContaining("zombie");
  }

  @Test
  @DisplayName("a stored organization without its name is reported, not a NullPointerException")
  void givenMissingNameStored_whenFound_thenStoredDataException() {
    database()
        .getCollection("organizations")
        .insertOne(new Document("_id", "org_nameless").append("version", 1L));

    assertThatThrownBy(() -> store().organizations().find(OrganizationId.of("org_nameless")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("'name'")
        .hasMessageContaining("org_nameless")
        .hasMessageContaining("organizations");
  }

  @Test
  @DisplayName("an unknown status in the statistics names a document that holds it")
  void givenUnknownCurrentStatus_whenStats_thenStoredDataException() {
    store()
        .organizations()
        .insert(anOrganization().id("org_odd").subscription(aSubscription().id("sub_y")).build());
    database()
        .getCollection("organizations")
        .updateOne(Filters.eq("_id", "org_odd"), Updates.set("billing.current.status", "zombie"));

    assertThatThrownBy(
            () -> store().reports().subscriptionStats(new StatsWindow(NOW, NOW, NOW, NOW)))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("org_odd")
        .hasMessageContaining("billing.current.status");
  }
}

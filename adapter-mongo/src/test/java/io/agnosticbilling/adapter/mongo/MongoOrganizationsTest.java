package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.Organizations.StatsWindow;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
  @DisplayName("an organization with subscriptions and a payment reads back equal, at version 1")
  void givenFullOrganization_whenInsertedAndFound_thenEqual() {
    Organization org =
        anOrganization()
            .id("org_full")
            .subscription(
                aSubscription()
                    .id("sub_old")
                    .status(SubscriptionStatus.CANCELED)
                    .canceledAt(PERIOD_START.minus(Duration.ofDays(3)))
                    .startedAt(PERIOD_START.minus(Duration.ofDays(60))))
            .subscription(
                aSubscription()
                    .id("sub_new")
                    .trialEnd(PERIOD_START.plus(Duration.ofDays(14)))
                    .startedAt(PERIOD_START))
            .lastPayment(
                new PaymentRecord(
                    "in_1",
                    Optional.of("sub_new"),
                    PaymentRecord.Outcome.FAILED,
                    9900,
                    "usd",
                    2,
                    Optional.of(PERIOD_START.plus(Duration.ofDays(3))),
                    PERIOD_START))
            .build();

    Organization inserted = store().organizations().insert(org);

    assertThat(inserted.version()).isEqualTo(1);
    assertThat(store().organizations().find(org.id())).contains(inserted);
    assertThat(store().organizations().findBySubscriptionId("sub_old")).contains(inserted);
  }

  @Test
  @DisplayName("two clients saving the same version: exactly one wins, the other is refused")
  void givenTwoClients_whenBothSaveSameVersion_thenOneConcurrentUpdate() throws Exception {
    Organization v1 = store().organizations().insert(anOrganization().id("org_race").build());
    List<MongoOrganizations> clients =
        List.of(store().organizations(), secondStore().organizations());

    List<Object> outcomes =
        Concurrently.run(
            8,
            i ->
                () -> {
                  try {
                    return clients.get(i % 2).save(v1.withCustomerId("cus_" + i));
                  } catch (ConcurrentUpdateException e) {
                    return e;
                  }
                });

    assertThat(outcomes).filteredOn(Organization.class::isInstance).hasSize(1);
    assertThat(outcomes).filteredOn(ConcurrentUpdateException.class::isInstance).hasSize(7);
    assertThat(store().organizations().find(v1.id()).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  @DisplayName("statistics are grouped by the current subscription and counted in the database")
  void givenOrganizations_whenStats_thenGroupsAndWindowCounts() {
    Instant now = Instant.parse("2025-03-10T12:00:00Z");
    Instant dayStart = Instant.parse("2025-03-10T00:00:00Z");
    Instant churnStart = Instant.parse("2025-02-08T12:00:00Z");
    Instant graceCutoff = Instant.parse("2025-03-03T12:00:00Z");
    MongoOrganizations organizations = store().organizations();
    organizations.insert(anOrganization().id("org_free").build());
    organizations.insert(
        anOrganization()
            .id("org_team")
            .subscription(
                aSubscription()
                    .id("sub_team")
                    .customer("cus_team")
                    .plan(PlanId.TEAM)
                    .startedAt(Instant.parse("2025-01-01T00:00:00Z"))
                    .period(PERIOD_START, PERIOD_END))
            .build());
    organizations.insert(
        anOrganization()
            .id("org_late")
            .subscription(
                aSubscription()
                    .id("sub_late")
                    .customer("cus_late")
                    .plan(PlanId.TEAM)
                    .status(SubscriptionStatus.PAST_DUE)
                    .startedAt(dayStart.plusSeconds(60))
                    .period(Instant.parse("2025-03-05T00:00:00Z"), now.minusSeconds(1)))
            .build());
    organizations.insert(
        anOrganization()
            .id("org_gone")
            .subscription(
                aSubscription()
                    .id("sub_gone")
                    .customer("cus_gone")
                    .plan(PlanId.ENTERPRISE)
                    .status(SubscriptionStatus.CANCELED)
                    .startedAt(Instant.parse("2024-12-01T00:00:00Z"))
                    .canceledAt(Instant.parse("2025-03-01T00:00:00Z"))
                    .period(Instant.parse("2025-02-01T00:00:00Z"), PERIOD_START))
            .build());

    SubscriptionStats stats =
        organizations.subscriptionStats(new StatsWindow(now, dayStart, churnStart, graceCutoff));

    assertThat(stats.totalOrganizations()).isEqualTo(4);
    assertThat(stats.groups())
        .containsExactlyInAnyOrder(
            new SubscriptionStats.Group(
                SubscriptionStatus.ACTIVE, PlanId.TEAM, false, false, false, 1),
            new SubscriptionStats.Group(
                SubscriptionStatus.PAST_DUE, PlanId.TEAM, false, true, true, 1),
            new SubscriptionStats.Group(
                SubscriptionStatus.CANCELED, PlanId.ENTERPRISE, false, true, false, 1));
    assertThat(stats.startedToday()).isEqualTo(1);
    assertThat(stats.canceledInWindow()).isEqualTo(1);
    assertThat(stats.paidAtWindowStart()).isEqualTo(2);
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
            () -> store().organizations().subscriptionStats(new StatsWindow(NOW, NOW, NOW, NOW)))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("org_odd")
        .hasMessageContaining("billing.current.status");
  }
}

package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.BillingReports.StatsWindow;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stored data the domain cannot read fails with a message naming table, key and column. */
class SqlStoredDataTest {
  // Issue 10: instants in the organization document are epoch nanoseconds (text when too far).
  private static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456789Z");
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant END = Instant.parse("2026-04-01T00:00:00Z");
  private static final Instant FAR = Instant.parse("2400-01-01T00:00:00.5Z");
  private static final Instant EARLY = Instant.parse("1601-01-01T00:00:00Z");

  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private SqlBillingStore store(String dialect) {
    fixture = Fixture.of(dialect);
    return fixture.first();
  }

  private void sql(String statement, Object... params) {
    fixture.first().database().write(h -> h.update(statement, params));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a subscription with an unknown status names table, organization and field")
  void unknownSubscriptionStatus(String dialect) {
    SqlBillingStore store = store(dialect);
    store
        .organizations()
        .insert(anOrganization().id("org_bad").subscription(aSubscription().id("sub_x")).build());
    String document =
        store
            .database()
            .read(h -> h.one("SELECT document FROM organizations", rs -> rs.getString(1)))
            .orElseThrow();
    sql(
        "UPDATE organizations SET document = ? WHERE id = ?",
        document.replace("\"status\":\"active\"", "\"status\":\"zombie\""),
        "org_bad");

    assertThatThrownBy(() -> store.organizations().find(OrganizationId.of("org_bad")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("organizations")
        .hasMessageContaining("org_bad")
        .hasMessageContaining("subscriptions.0.status")
        .hasMessageContaining("zombie");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a document that is not JSON, or lacks the name, is reported, not an NPE")
  void brokenDocument(String dialect) {
    SqlBillingStore store = store(dialect);
    store.organizations().insert(anOrganization().id("org_a").build());
    store.organizations().insert(anOrganization().id("org_b").build());
    sql("UPDATE organizations SET document = ? WHERE id = ?", "{not json", "org_a");
    sql("UPDATE organizations SET document = ? WHERE id = ?", "{\"subscriptions\":[]}", "org_b");

    assertThatThrownBy(() -> store.organizations().find(OrganizationId.of("org_a")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("org_a")
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> store.organizations().find(OrganizationId.of("org_b")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("org_b")
        .hasMessageContaining("'name'")
        .hasMessageContaining("is missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("an unknown current status in the statistics names an organization holding it")
  void unknownStatusInStats(String dialect) {
    SqlBillingStore store = store(dialect);
    store
        .organizations()
        .insert(anOrganization().id("org_odd").subscription(aSubscription().id("sub_y")).build());
    sql("UPDATE organizations SET current_status = 'zombie'");

    assertThatThrownBy(
            () ->
                store
                    .reports()
                    .subscriptionStats(
                        new StatsWindow(Fixture.NOW, Fixture.NOW, Fixture.NOW, Fixture.NOW)))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("org_odd")
        .hasMessageContaining("current_status")
        .hasMessageContaining("zombie");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a webhook entry with an unknown status, a member with an unknown role are reported")
  void unknownWebhookStatusAndRole(String dialect) {
    SqlBillingStore store = store(dialect);
    store
        .webhookLog()
        .claim(
            new IncomingEvent(anEventHeader().id("evt_bad").build(), "{}"),
            Fixture.NOW,
            Duration.ofSeconds(60));
    store.members().add(aMember().id("usr_bad").build(), Quota.unlimited());
    sql("UPDATE webhook_log SET status = 'lost'");
    sql("UPDATE members SET role = 'emperor'");

    assertThatThrownBy(() -> store.webhookLog().find("evt_bad"))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("webhook_log")
        .hasMessageContaining("evt_bad")
        .hasMessageContaining("'status'")
        .hasMessageContaining("lost");
    assertThatThrownBy(() -> store.webhookLog().list(Optional.empty(), 0, 10))
        .isInstanceOf(StoredDataException.class);
    assertThatThrownBy(() -> store.members().findById(MemberId.of("usr_bad")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("members")
        .hasMessageContaining("usr_bad")
        .hasMessageContaining("emperor");
  }

  private static String document(SqlBillingStore store, String id) {
    return store
        .database()
        .read(
            h ->
                h.one("SELECT document FROM organizations WHERE id = ?", rs -> rs.getString(1), id))
        .orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("instants are stored as epoch nanoseconds and read back exactly, far ones as text")
  void numbersExact(String dialect) {
    SqlBillingStore store = store(dialect);
    Organization org =
        anOrganization()
            .id("org_doc")
            .createdAt(CREATED)
            .subscription(
                aSubscription().id("sub_doc").period(START, END).trialEnd(FAR).canceledAt(EARLY))
            .build();
    store.organizations().insert(org);

    String stored = document(store, "org_doc");
    Organization read = store.organizations().find(OrganizationId.of("org_doc")).orElseThrow();

    assertThat(stored)
        .contains("\"createdAt\":1772360130123456789")
        .contains("\"currentPeriodStart\":" + START.getEpochSecond() * 1_000_000_000L)
        .contains("\"trialEnd\":\"2400-01-01T00:00:00.500Z\"")
        .contains("\"canceledAt\":\"1601-01-01T00:00:00Z\"");
    assertThat(read.createdAt()).isEqualTo(CREATED);
    assertThat(read.subscriptions()).isEqualTo(org.subscriptions());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a document of an earlier release, instants as ISO-8601 text, still reads")
  void earlierTextDocument(String dialect) {
    SqlBillingStore store = store(dialect);
    Organization org =
        anOrganization()
            .id("org_old")
            .createdAt(CREATED)
            .subscription(aSubscription().id("sub_old").period(START, END))
            .build();
    store.organizations().insert(org);
    String earlier =
        "{\"name\":\""
            + org.name()
            + "\",\"createdAt\":\"2026-03-01T10:15:30.123456789Z\",\"subscriptions\":[]}";
    store
        .database()
        .write(
            h ->
                h.update("UPDATE organizations SET document = ? WHERE id = ?", earlier, "org_old"));

    Organization read = store.organizations().find(OrganizationId.of("org_old")).orElseThrow();

    assertThat(read.createdAt()).isEqualTo(CREATED);
    assertThat(read.name()).isEqualTo(org.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a row changed behind the store is read as changed, not from the parsed-row memo")
  void rowChangedBehindTheStore(String dialect) {
    SqlBillingStore store = store(dialect);
    Organization org = store.organizations().insert(anOrganization().id("org_memo").build());
    Organization saved = store.organizations().save(org.withCustomerId("cus_memo"));
    assertThat(store.organizations().find(OrganizationId.of("org_memo"))).contains(saved);
    String renamed = document(store, "org_memo").replace(org.name(), "Renamed behind");

    // On PostgreSQL another instance may change the row. A SQLite file has one owner, whose ports
    // are the only writers of organizations besides a migration (which forgets every kept read:
    // ReadCache); a migration step is what changes the row here.
    store
        .database()
        .migrating(
            h ->
                h.update(
                    "UPDATE organizations SET document = ? WHERE id = ?", renamed, "org_memo"));

    Organization read = store.organizations().find(OrganizationId.of("org_memo")).orElseThrow();
    assertThat(read.name()).isEqualTo("Renamed behind");
    assertThat(read.version()).isEqualTo(saved.version());
  }
}

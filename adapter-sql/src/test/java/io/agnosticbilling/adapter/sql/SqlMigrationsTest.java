package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbered migrations: status, up, down, and up from two instances at once on PostgreSQL. */
class SqlMigrationsTest {
  private static final List<Integer> ALL = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("an empty database has every migration pending; up applies them in order, once")
  void upAppliesPendingOnce(String dialect) {
    fixture = Fixture.unmigrated(dialect);
    SqlMigrations migrations = fixture.first().migrations();

    assertThat(migrations.status()).noneMatch(SqlMigrations.Status::applied).hasSize(ALL.size());
    assertThat(migrations.up()).isEqualTo(ALL);
    assertThat(migrations.up()).isEmpty();
    assertThat(migrations.status())
        .allSatisfy(s -> assertThat(s.appliedAt()).contains(Fixture.NOW))
        .extracting(SqlMigrations.Status::number)
        .isEqualTo(ALL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("down n undoes the newest n steps, and up brings the schema back working")
  void downThenUp(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    store.organizations().insert(anOrganization().build());

    store.members().add(aMember().id("usr_ops").build(), Quota.of(10));
    store.members().setOperator(MemberId.of("usr_ops"), true);

    assertThat(store.migrations().down(1)).containsExactly(10);
    assertThat(store.migrations().up()).containsExactly(10);

    assertThat(store.migrations().down(2)).containsExactly(10, 9);
    // Step 9 took the outbox away; up brings it back empty and working.
    assertThatThrownBy(() -> store.notificationOutbox().find("n1"))
        .isInstanceOf(SqlStoreException.class);
    assertThat(store.migrations().up()).containsExactly(9, 10);
    assertThat(store.notificationOutbox().find("n1")).isEmpty();

    assertThat(store.migrations().down(3)).containsExactly(10, 9, 8);
    // Step 8 took the grace column away again; the organization's document stays readable.
    assertThat(store.organizations().find(OrganizationId.of("org_1"))).isPresent();
    assertThat(store.migrations().up()).containsExactly(8, 9, 10);

    assertThat(store.migrations().down(4)).containsExactly(10, 9, 8, 7);
    // Step 7 took the operator column away again; the member itself stays readable.
    assertThatThrownBy(() -> store.members().isOperator(MemberId.of("usr_ops")))
        .isInstanceOf(SqlStoreException.class);
    assertThat(store.members().findById(MemberId.of("usr_ops"))).isPresent();
    assertThat(store.migrations().up()).containsExactly(7, 8, 9, 10);
    assertThat(store.members().isOperator(MemberId.of("usr_ops"))).isFalse();

    assertThat(store.migrations().down(6)).containsExactly(10, 9, 8, 7, 6, 5);
    assertThat(store.migrations().status())
        .extracting(SqlMigrations.Status::applied)
        .containsExactly(true, true, true, true, false, false, false, false, false, false);
    assertThat(store.organizations().find(OrganizationId.of("org_1"))).isPresent();
    assertThatThrownBy(() -> store.checkoutSessions().find("cs_1"))
        .isInstanceOf(SqlStoreException.class);

    assertThat(store.migrations().down(10)).containsExactly(4, 3, 2, 1);
    assertThat(store.migrations().status()).noneMatch(SqlMigrations.Status::applied);
    assertThat(store.migrations().up()).isEqualTo(ALL);
    assertThat(store.organizations().find(OrganizationId.of("org_1"))).isEmpty();
    assertThat(store.checkoutSessions().find("cs_1")).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("down refuses a negative count")
  void downRefusesNegative(String dialect) {
    fixture = Fixture.of(dialect);

    assertThatThrownBy(() -> fixture.first().migrations().down(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'n'");
  }

  @Test
  @DisplayName("PostgreSQL: 8 instances migrating one empty schema at once apply each step once")
  void concurrentUpOnPostgres() {
    fixture = Fixture.unmigrated("postgresql");
    SqlBillingStore first = fixture.first();
    SqlBillingStore second = fixture.second();

    List<List<Integer>> ran =
        Race.values(Race.run(8, i -> (i % 2 == 0 ? first : second).migrations().up()));

    List<Integer> all = new ArrayList<>();
    ran.forEach(all::addAll);
    assertThat(all).containsExactlyElementsOf(ALL);
    assertThat(first.migrations().status()).allMatch(SqlMigrations.Status::applied);
  }

  @Test
  @DisplayName(
      "PostgreSQL: step 10 stores new webhook payloads with lz4, and down sets the column back to"
          + " the server's default")
  void payloadCompressionOnPostgres() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    String payload = "{\"id\":\"evt_1\",\"data\":\"" + "x".repeat(4_000) + "\"}";

    assertThat(payloadCompression(store)).isEqualTo("l");
    assertThat(logged(store, "evt_1", payload)).isEqualTo("lz4");

    assertThat(store.migrations().down(1)).containsExactly(10);
    assertThat(payloadCompression(store)).isEmpty();
    assertThat(logged(store, "evt_2", payload)).isEqualTo("pglz");
    assertThat(storedCompression(store, "evt_1"))
        .as("stored values stay as written")
        .isEqualTo("lz4");
    assertThat(store.webhookLog().find("evt_1").orElseThrow().payload()).isEqualTo(payload);

    assertThat(store.migrations().up()).containsExactly(10);
    assertThat(payloadCompression(store)).isEqualTo("l");
  }

  /** The column's compression method: "l" for lz4, "p" for pglz, "" for the server's default. */
  private static String payloadCompression(SqlBillingStore store) {
    return text(
        store,
        "SELECT attcompression::text FROM pg_attribute"
            + " WHERE attrelid = 'webhook_log'::regclass AND attname = 'payload'");
  }

  /** Logs an event with {@code payload}; returns how its payload is stored. */
  private static String logged(SqlBillingStore store, String eventId, String payload) {
    store
        .webhookLog()
        .claim(
            new IncomingEvent(anEventHeader().id(eventId).build(), payload),
            Fixture.NOW,
            Duration.ofMinutes(1));
    return storedCompression(store, eventId);
  }

  private static String storedCompression(SqlBillingStore store, String eventId) {
    return text(
        store,
        "SELECT pg_column_compression(payload) FROM webhook_log WHERE event_id = ?",
        eventId);
  }

  private static String text(SqlBillingStore store, String sql, Object... params) {
    return store.database().read(h -> h.one(sql, rs -> rs.getString(1), params)).orElseThrow();
  }
}

package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.domain.error.StoredDataException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.testkit.concurrent.Race;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MongoMembersTest extends MongoTestBase {

  @Test
  @DisplayName("racing adds of one email: one is added, the others give their seat back")
  void givenSameEmailRacing_whenAdded_thenOneAddedAndSeatsReturned() throws Exception {
    List<MongoMembers> clients = List.of(store().members(), secondStore().members());

    List<Members.AddResult> results =
        Race.all(
            8,
            i ->
                clients
                    .get(i % 2)
                    .add(
                        aMember()
                            .id("usr_" + i)
                            .organization("org_email")
                            .email("same@example.com")
                            .build(),
                        // Room for all: a seat held by a loser is given back only after its
                        // insert fails, so a tight limit could refuse a racer for seats.
                        Quota.of(20)));

    assertThat(results).filteredOn(Members.Added.class::isInstance).hasSize(1);
    assertThat(results).filteredOn(Members.EmailTaken.class::isInstance).hasSize(7);
    Document seats =
        database().getCollection("seat_counters").find(Filters.eq("_id", "org_email")).first();
    assertThat(seats.get("members", Number.class).longValue()).isEqualTo(1);
    Members.AddResult second =
        store()
            .members()
            .add(
                aMember().id("usr_next").organization("org_email").email("b@example.com").build(),
                Quota.of(2));
    assertThat(second).isInstanceOf(Members.Added.class);
  }

  @Test
  @DisplayName("members stored before the seat counter existed are counted by the migration")
  void givenMembersWithoutCounter_whenSeatMigrationRuns_thenLimitCountsThem() {
    for (int i = 0; i < 2; i++) {
      database()
          .getCollection("users")
          .insertOne(
              MemberMapper.toDocument(
                  aMember()
                      .id("usr_legacy" + i)
                      .organization("org_legacy")
                      .email("legacy" + i + "@example.com")
                      .build()));
    }
    MongoMigrations migrations =
        MongoMigrations.standard(
            database(), CLOCK, MongoStoreOptions.defaults().webhookRetention());
    // Down to before step 7 (the seat counters) and up again.
    migrations.down(3);
    migrations.up();

    Members.AddResult result =
        store()
            .members()
            .add(
                aMember().id("usr_new").organization("org_legacy").email("n@example.com").build(),
                Quota.of(2));

    assertThat(result).isEqualTo(new Members.SeatLimitReached(2));
  }

  @Test
  @DisplayName(
      "admins stored before the admin set existed are seeded by migration 8: one of two can be"
          + " demoted, the last one is kept")
  void givenAdminsWithoutSet_whenAdminMigrationRuns_thenLastAdminIsGuarded() {
    MongoMigrations migrations =
        MongoMigrations.standard(
            database(), CLOCK, MongoStoreOptions.defaults().webhookRetention());
    // Down to before step 8 (the admin sets) and up again later.
    migrations.down(2);
    for (int i = 0; i < 2; i++) {
      store()
          .members()
          .add(
              aMember()
                  .id("usr_admin" + i)
                  .organization("org_old")
                  .email("admin" + i + "@example.com")
                  .build(),
              Quota.unlimited());
    }
    // As an older version wrote them: seat counts, no admin set.
    database()
        .getCollection("seat_counters")
        .updateOne(Filters.eq("_id", "org_old"), Updates.unset("admins"));
    assertThat(migrations.up()).containsExactly(8, 9);

    Members members = store().members();
    OrganizationId org = OrganizationId.of("org_old");
    assertThat(members.changeRole(org, MemberId.of("usr_admin0"), Role.MEMBER))
        .isInstanceOf(Members.Changed.class);
    assertThat(members.remove(org, MemberId.of("usr_admin1"))).isEqualTo(new Members.LastAdmin());
  }

  @Test
  @DisplayName("a stored member with an unknown role is reported with collection and id")
  void givenUnknownRoleStored_whenFound_thenStoredDataException() {
    store()
        .members()
        .add(aMember().id("usr_odd").email("odd@example.com").build(), Quota.unlimited());
    database()
        .getCollection("users")
        .updateOne(Filters.eq("_id", "usr_odd"), Updates.set("role", "overlord"));

    assertThatThrownBy(() -> store().members().findByEmail(Email.of("odd@example.com")))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("users")
        .hasMessageContaining("usr_odd")
        .hasMessageContaining("overlord");
  }

  @Test
  @DisplayName("a stored member with a malformed email is reported, not accepted")
  void givenMalformedEmailStored_whenListed_thenStoredDataException() {
    store()
        .members()
        .add(aMember().id("usr_mail").email("ok@example.com").build(), Quota.unlimited());
    database()
        .getCollection("users")
        .updateOne(Filters.eq("_id", "usr_mail"), Updates.set("email", "not-an-email"));

    assertThatThrownBy(() -> store().members().list(aMember().build().organizationId()))
        .isInstanceOf(StoredDataException.class)
        .hasMessageContaining("'email'")
        .hasMessageContaining("usr_mail");
  }
}

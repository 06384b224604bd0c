package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.plan.Quota;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {

  @Test
  @DisplayName("the H2 file store keeps data and schema across a server restart")
  void givenDataWritten_whenServerClosedAndReopened_thenDataStillThere(@TempDir Path dir) {
    Organization saved;
    try (EmbeddedMongo server = EmbeddedMongo.onDisk(dir);
        MongoBillingStore store =
            MongoBillingStore.connect(server.connectionString(), TestDatabase.options())) {
      store.migrations().up();
      saved =
          store
              .organizations()
              .insert(anOrganization().id("org_disk").subscription(aSubscription()).build());
      store.members().add(aMember().email("kept@example.com").build(), Quota.of(3));
    }

    try (EmbeddedMongo server = EmbeddedMongo.onDisk(dir);
        MongoBillingStore store =
            MongoBillingStore.connect(server.connectionString(), TestDatabase.options())) {
      assertThat(store.organizations().find(saved.id())).contains(saved);
      assertThat(store.members().findByEmail(Email.of("kept@example.com"))).isPresent();
      assertThat(store.migrations().status()).allMatch(MongoMigrations.Status::applied);
      assertThat(store.migrations().up()).isEmpty();
    }
  }

  @Test
  @DisplayName("the in-memory server forgets its data when closed")
  void givenInMemoryServer_whenRestarted_thenEmpty() {
    try (EmbeddedMongo server = EmbeddedMongo.inMemory();
        MongoBillingStore store =
            MongoBillingStore.connect(server.connectionString(), TestDatabase.options())) {
      store.organizations().insert(anOrganization().id("org_gone").build());
    }

    try (EmbeddedMongo server = EmbeddedMongo.inMemory();
        MongoBillingStore store =
            MongoBillingStore.connect(server.connectionString(), TestDatabase.options())) {
      assertThat(store.organizations().find(anOrganization().id("org_gone").build().id()))
          .isEmpty();
    }
  }

  @Test
  @DisplayName("the database comes from the connection string, else automation_platform")
  void givenConnectionStrings_whenDatabaseResolved_thenNamedOrDefault() {
    assertThat(MongoBillingStore.databaseOf(new ConnectionString("mongodb://h:27017/billing")))
        .isEqualTo("billing");
    assertThat(MongoBillingStore.databaseOf(new ConnectionString("mongodb://h:27017")))
        .isEqualTo("automation_platform");
    try (EmbeddedMongo server = EmbeddedMongo.inMemory();
        MongoBillingStore store =
            MongoBillingStore.connect(server.connectionString(), TestDatabase.options())) {
      assertThat(store.database().getName()).isEqualTo("automation_platform");
    }
  }

  @Test
  @DisplayName("the embedded server listens on the loopback interface only")
  void givenEmbeddedServer_whenStarted_thenLoopbackConnectionString() {
    try (EmbeddedMongo server = EmbeddedMongo.inMemory()) {
      assertThat(server.connectionString()).matches("mongodb://127\\.0\\.0\\.1:\\d+");
    }
  }
}

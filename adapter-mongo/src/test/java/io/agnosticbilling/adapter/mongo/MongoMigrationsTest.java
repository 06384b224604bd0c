package io.agnosticbilling.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.agnosticbilling.adapter.mongo.MongoMigrations.Migration;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MongoMigrationsTest extends MongoTestBase {
  private static final Duration RETENTION = Duration.ofDays(90);

  private MongoMigrations standard(MongoDatabase db) {
    return MongoMigrations.standard(db, CLOCK, RETENTION);
  }

  private List<String> indexNames(String collection) {
    List<String> names = new ArrayList<>();
    database().getCollection(collection).listIndexes().forEach(d -> names.add(d.getString("name")));
    return names;
  }

  @Test
  @DisplayName("status lists every migration in order, applied with the time it was applied")
  void givenMigratedDatabase_whenStatus_thenAllAppliedInOrder() {
    List<MongoMigrations.Status> status = standard(database()).status();

    assertThat(status)
        .extracting(MongoMigrations.Status::number)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(status).allSatisfy(s -> assertThat(s.appliedAt()).contains(NOW));
    assertThat(standard(database()).up()).as("nothing left to apply").isEmpty();
  }

  @Test
  @DisplayName("the webhook eventId index is its own migration: down removes it, up restores it")
  void givenEventIdMigration_whenRolledBackAndReapplied_thenIndexFollows() {
    MongoMigrations migrations = standard(database());

    List<Integer> undone = migrations.down(7);

    assertThat(undone).containsExactly(9, 8, 7, 6, 5, 4, 3);
    assertThat(indexNames("webhook_logs")).doesNotContain("eventId_unique", "createdAt_ttl");
    assertThat(migrations.status())
        .filteredOn(MongoMigrations.Status::applied)
        .extracting(MongoMigrations.Status::number)
        .containsExactly(1, 2);
    // Without the index the store no longer refuses a second entry for one event id.
    database().getCollection("webhook_logs").insertOne(new Document("eventId", "evt_twice"));
    database().getCollection("webhook_logs").insertOne(new Document("eventId", "evt_twice"));
    database().getCollection("webhook_logs").deleteMany(new Document());

    assertThat(migrations.up()).containsExactly(3, 4, 5, 6, 7, 8, 9);
    assertThat(indexNames("webhook_logs")).contains("eventId_unique", "createdAt_ttl");
  }

  @Test
  @DisplayName("the reapplied eventId index refuses duplicates again, with code 11000")
  void givenReappliedEventIdIndex_whenDuplicateInserted_thenDuplicateKey() {
    MongoMigrations migrations = standard(database());
    migrations.down(7);
    migrations.up();
    database().getCollection("webhook_logs").insertOne(new Document("eventId", "evt_once"));

    assertThatThrownBy(
            () ->
                database()
                    .getCollection("webhook_logs")
                    .insertOne(new Document("eventId", "evt_once")))
        .isInstanceOf(MongoException.class)
        .satisfies(e -> assertThat(DuplicateKey.is((MongoException) e)).isTrue());
  }

  @Test
  @DisplayName("down of more migrations than applied rolls back all of them and stops")
  void givenDownPastTheStart_whenRun_thenEverythingRolledBack() {
    MongoMigrations migrations = standard(database());

    assertThat(migrations.down(100)).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(migrations.status()).noneMatch(MongoMigrations.Status::applied);
    assertThat(indexNames("users")).containsExactly("_id_");
  }

  @Test
  @DisplayName("a changed webhook retention is applied to the existing TTL index by up")
  void givenOtherRetention_whenUp_thenTtlIndexFollows() {
    MongoMigrations.standard(database(), CLOCK, Duration.ofDays(30)).up();

    Document ttl = new Document();
    database()
        .getCollection("webhook_logs")
        .listIndexes()
        .forEach(
            d -> {
              if ("createdAt_ttl".equals(d.getString("name"))) {
                ttl.putAll(d);
              }
            });
    assertThat(ttl.get("expireAfterSeconds", Number.class).longValue())
        .isEqualTo(Duration.ofDays(30).toSeconds());
  }

  @Test
  @DisplayName("two instances with separate clients migrating at once run each step exactly once")
  void givenTwoInstances_whenUpConcurrently_thenEachStepRunsOnce() throws Exception {
    database().getCollection("schema_migrations").drop();
    List<Migration> counting =
        IntStream.rangeClosed(1, 5)
            .mapToObj(
                n ->
                    new Migration(
                        n,
                        "count " + n,
                        db ->
                            db.getCollection("runs")
                                .updateOne(
                                    Filters.eq("_id", n),
                                    Updates.inc("ups", 1),
                                    new UpdateOptions().upsert(true)),
                        db -> {}))
            .toList();
    List<MongoDatabase> clients = List.of(database(), secondDatabase());

    List<List<Integer>> applied =
        Race.all(
            4,
            i ->
                new MongoMigrations(
                        clients.get(i % 2),
                        counting,
                        CLOCK,
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(30))
                    .up());

    assertThat(applied.stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    for (Document run : database().getCollection("runs").find()) {
      assertThat(run.getInteger("ups")).as("runs of step %s", run.get("_id")).isEqualTo(1);
    }
    assertThat(database().getCollection("schema_migrations_lock").countDocuments()).isZero();
  }

  @Test
  @DisplayName("a lock left by a crashed instance is taken over once it expires")
  void givenExpiredLockOfDeadInstance_whenUp_thenTakenOverAndReleased() {
    database()
        .getCollection("schema_migrations_lock")
        .insertOne(
            new Document("_id", "migrations")
                .append("owner", "dead")
                .append("expiresAt", Date.from(NOW.minusSeconds(1))));
    MongoMigrations migrations = standard(database());
    migrations.down(1);

    assertThat(migrations.up()).containsExactly(9);
    assertThat(database().getCollection("schema_migrations_lock").countDocuments()).isZero();
  }

  @Test
  @DisplayName("a live lock of another instance makes up wait, then refuse, changing nothing")
  void givenLiveLock_whenUp_thenRefusedAfterWaiting() {
    MongoMigrations standard = standard(database());
    standard.down(1);
    database()
        .getCollection("schema_migrations_lock")
        .insertOne(
            new Document("_id", "migrations")
                .append("owner", "busy")
                .append("expiresAt", Date.from(NOW.plusSeconds(60))));
    MongoMigrations impatient =
        new MongoMigrations(
            database(),
            StandardMigrations.list(RETENTION),
            CLOCK,
            Duration.ofMinutes(1),
            Duration.ofMillis(100));

    assertThatThrownBy(impatient::up)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("migration lock");
    assertThat(standard.status())
        .filteredOn(s -> s.number() == 9)
        .noneMatch(MongoMigrations.Status::applied);
  }

  @Test
  @DisplayName("migration numbers out of order are refused when the runner is built")
  void givenUnorderedNumbers_whenBuilt_thenRefused() {
    List<Migration> unordered =
        List.of(
            new Migration(2, "two", db -> {}, db -> {}),
            new Migration(1, "one", db -> {}, db -> {}));

    assertThatThrownBy(
            () ->
                new MongoMigrations(
                    database(), unordered, CLOCK, Duration.ofMinutes(1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending");
  }
}

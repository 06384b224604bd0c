package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.aUsageRequest;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.builder.SubscriptionBuilder;
import io.agnosticbilling.testkit.concurrent.Race;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What only the SQLite store promises: one owner, owner-only files, group commit, backups. */
class SqliteStoreTest {
  private Fixture.SqliteFixture fixture;

  @BeforeEach
  void open() {
    fixture = Fixture.sqlite();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  @DisplayName("the database, its WAL, shared-memory and lock files are readable by the owner only")
  void ownerOnlyFiles() throws Exception {
    fixture.first().organizations().insert(anOrganization().build());

    for (String name :
        List.of("billing.db", "billing.db-wal", "billing.db-shm", "billing.db.lock")) {
      Path p = fixture.dir.resolve(name);
      assertThat(p).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(name)
          .isEqualTo("rw-------");
    }
  }

  @Test
  @DisplayName("the description names the file, and the store answers a ping")
  void descriptionAndPing() {
    assertThat(fixture.first().description()).isEqualTo("sqlite " + fixture.file);
    fixture.first().ping();
    assertThat(fixture.first().dialect()).isEqualTo(Dialect.SQLITE);
  }

  @Test
  @DisplayName("a second store on the same file in this process is refused with a sentence")
  void secondStoreInProcessRefused() {
    assertThatThrownBy(() -> SqlBillingStore.sqlite(fixture.file, Fixture.options()))
        .isInstanceOf(StoreLockedException.class)
        .hasMessageContaining(fixture.file.toString())
        .hasMessageContaining("in use by another process");
    // The refusal left the owner working.
    assertThat(fixture.first().organizations().insert(anOrganization().build()).version())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("another process is refused while this one owns the file, and gets it once closed")
  void secondProcessRefused() throws Exception {
    Process child = ChildProcess.start("burst", fixture.file);
    try (BufferedReader out = ChildProcess.output(child)) {
      assertThat(out.readLine()).startsWith("locked: The SQLite store " + fixture.file);
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    fixture.first().close();
    Process holder = ChildProcess.start("hold", fixture.file);
    try (BufferedReader out = ChildProcess.output(holder)) {
      assertThat(out.readLine()).isEqualTo("open");
      assertThatThrownBy(() -> SqlBillingStore.sqlite(fixture.file, Fixture.options()))
          .isInstanceOf(StoreLockedException.class);
    } finally {
      holder.destroyForcibly().waitFor();
    }
    // The lock dies with its process (even killed): the file can be opened again.
    SqlBillingStore.sqlite(fixture.file, Fixture.options()).close();
  }

  @Test
  @DisplayName(
      "a save that changes only the document writes one page: unchanged indexed columns are left"
          + " out of the UPDATE, changed ones still reach their indexes")
  void saveWritesOnlyChangedIndexes() throws Exception {
    SqlBillingStore store = fixture.first();
    Subscription active =
        pagesSubscription(SubscriptionStatus.ACTIVE, Fixture.NOW.minusSeconds(3_600)).build();
    Organization v1 =
        store
            .organizations()
            .insert(anOrganization().id("org_pages").subscription(active).build())
            .withCustomerId("cus_first");
    Organization v2 = store.organizations().save(v1);

    // A renewal: a new period, the same customer, status and start: only the row's own page.
    long before = walFrames();
    Organization v3 =
        store
            .organizations()
            .save(
                v2.withSubscription(pagesSubscription(SubscriptionStatus.ACTIVE, RENEWED).build()));
    assertThat(walFrames() - before).as("WAL frames of a document-only save").isEqualTo(1);

    // Past due: the organization's page, its status index, the subscription's row; not the
    // subscription's start and cancel indexes, which did not change.
    before = walFrames();
    v3 =
        store
            .organizations()
            .save(
                v3.withSubscription(
                    pagesSubscription(SubscriptionStatus.PAST_DUE, RENEWED).build()));
    assertThat(walFrames() - before).as("WAL frames of a status change").isEqualTo(3);

    // A new customer and a canceled subscription: both indexes follow.
    Organization v4 =
        store
            .organizations()
            .save(
                v3.withCustomerId("cus_second")
                    .withSubscription(
                        pagesSubscription(SubscriptionStatus.CANCELED, RENEWED)
                            .canceledAt(Fixture.NOW)
                            .build()));
    assertThat(store.organizations().findByCustomerId("cus_second")).contains(v4);
    assertThat(store.organizations().findByCustomerId("cus_first")).isEmpty();
    assertThat(store.organizations().findBySubscriptionId("sub_pages")).contains(v4);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fixture.file);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT current_status, (SELECT status FROM organization_subscriptions"
                        + " WHERE subscription_id = 'sub_pages') FROM organizations"
                        + " INDEXED BY organizations_current_status WHERE current_status = 'canceled'")) {
      assertThat(rs.next()).as("the status index holds the new status").isTrue();
      assertThat(rs.getString(2)).isEqualTo("canceled");
    }
  }

  private static final Instant RENEWED = Fixture.NOW.plusSeconds(86_400);

  /**
   * The page test's one subscription, started a day ago, in a day-long period from {@code from}.
   */
  private static SubscriptionBuilder pagesSubscription(SubscriptionStatus status, Instant from) {
    return aSubscription()
        .id("sub_pages")
        .status(status)
        .startedAt(Fixture.NOW.minusSeconds(86_400))
        .period(from, from.plusSeconds(86_400));
  }

  /** Frames in the WAL (no checkpoint runs this early: the WAL only grows). */
  private long walFrames() throws Exception {
    long size = Files.size(fixture.dir.resolve("billing.db-wal"));
    return (size - 32) / (24 + 4096);
  }

  @Test
  @DisplayName(
      "under writes without a pause the WAL still starts over: the writer's checkpoint at 1,000"
          + " pages copies it and the next commit writes from the file's start")
  void walStaysBoundedUnderContinuousWrites() throws Exception {
    SqlBillingStore store = fixture.first();
    // 8 writers without a pause: some 21,000 pages (88 MB) of WAL if it never started over.
    Race.run(
        8,
        i -> {
          for (int n = 0; n < 1_500; n++) {
            store
                .usageCounters()
                .record(
                    aUsageRequest()
                        .organization("org_wal_" + (n % 50))
                        .idempotencyKey("run_" + i + "_" + n)
                        .limit(1_000_000_000)
                        .build());
          }
          return null;
        });

    assertThat(Files.size(fixture.dir.resolve("billing.db-wal")))
        .as("WAL bytes after 12,000 records")
        .isLessThan(3_000L * (24 + 4096));
  }

  @Test
  @DisplayName("a failing write in a batch undoes only itself: every other write of the race stays")
  void failingTaskUndoesOnlyItself() {
    SqlBillingStore store = fixture.first();
    Organization v1 = store.organizations().insert(anOrganization().id("org_base").build());
    store.organizations().save(v1.withCustomerId("cus_newer"));

    List<Race.Outcome<Organization>> outcomes =
        Race.run(
            32,
            i ->
                i % 2 == 0
                    ? store.organizations().insert(anOrganization().id("org_" + i).build())
                    : store.organizations().save(v1.withCustomerId("cus_stale_" + i)));

    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .hasSize(16)
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(ConcurrentUpdateException.class));
    for (int i = 0; i < 32; i += 2) {
      assertThat(store.organizations().find(OrganizationId.of("org_" + i))).isPresent();
    }
    assertThat(store.organizations().find(v1.id()).orElseThrow().customerId())
        .contains("cus_newer");
  }

  @Test
  @DisplayName("a backup taken while writes go on is a consistent, owner-only, openable copy")
  void backupWhileWriting() throws Exception {
    SqlBillingStore store = fixture.first();
    for (int i = 0; i < 50; i++) {
      store.organizations().insert(anOrganization().id("org_before_" + i).build());
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; writing.get(); i++) {
                store.usageCounters().record(aUsageRequest().limit(1_000_000_000).build());
              }
            });
    writer.start();
    Path copy = fixture.dir.resolve("backup").resolve("copy.db");
    try {
      store.backup(copy);
    } finally {
      writing.set(false);
      writer.join();
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
        .isEqualTo("rw-------");
    try (SqlBillingStore restored = SqlBillingStore.sqlite(copy, Fixture.options())) {
      assertThat(restored.migrations().status()).allMatch(SqlMigrations.Status::applied);
      assertThat(restored.organizations().find(OrganizationId.of("org_before_49"))).isPresent();
    }
    assertThatThrownBy(() -> store.backup(copy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists already");
  }

  @Test
  @DisplayName("kill -9 mid-burst: every write the store acknowledged is there after reopening")
  void acknowledgedWritesSurviveKill() throws Exception {
    fixture.first().close();
    Process child = ChildProcess.start("burst", fixture.file);
    List<String> acks = new java.util.ArrayList<>();
    try (BufferedReader out = ChildProcess.output(child)) {
      assertThat(out.readLine()).isEqualTo("open");
      String line;
      while ((line = out.readLine()) != null && acks.size() < 3_000) {
        acks.add(line);
      }
      // SIGKILL (no shutdown hook, no close, mid-batch) through the handle, which unlike
      // Process.destroyForcibly leaves the pipe open for the lines already written.
      child.toHandle().destroyForcibly();
      child.waitFor();
      while ((line = out.readLine()) != null) {
        acks.add(line); // answered before the kill, still in the pipe
      }
    }
    acks.removeIf(l -> !l.startsWith("ack ") || l.split(" ").length != 3);
    assertThat(acks).hasSizeGreaterThan(1_000);

    try (SqlBillingStore reopened = SqlBillingStore.sqlite(fixture.file, Fixture.options())) {
      for (String ack : acks) {
        String[] parts = ack.split(" ");
        String id = parts[2];
        switch (parts[1]) {
          case "org" ->
              assertThat(reopened.organizations().find(OrganizationId.of("org_" + id)))
                  .as(ack)
                  .isPresent();
          case "usage" ->
              assertThat(
                      reopened
                          .usageCounters()
                          .record(
                              aUsageRequest()
                                  .organization("org_usage")
                                  .limit(1_000_000)
                                  .idempotencyKey("run_" + id)
                                  .build())
                          .replayed())
                  .as(ack)
                  .isTrue();
          default ->
              assertThat(reopened.webhookLog().find("evt_" + id))
                  .as(ack)
                  .get()
                  .extracting(e -> e.status().wireName())
                  .isEqualTo("processed");
        }
      }
    }
  }
}

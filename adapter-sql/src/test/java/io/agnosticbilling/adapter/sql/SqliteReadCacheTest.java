package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SQLite store keeps organizations and memberships read by id between reads ({@link
 * ReadCache}): a kept value is served without a read transaction, and no read ever returns a value
 * older than a write acknowledged before it started, also while reads and writes race.
 */
class SqliteReadCacheTest {
  private final Fixture.SqliteFixture fixture = Fixture.sqlite();
  private final SqlBillingStore store = fixture.first();
  private final SqliteDatabase db = (SqliteDatabase) store.database();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void anOrganizationReadIsKeptUntilTheStoreWritesIt() {
    SqlOrganizations organizations = store.organizations();
    Organization org = organizations.insert(anOrganization().id("org_cache").build());
    ReadCache<Organization> cache = db.readCache(SqlOrganizations.TABLE_CACHE);

    assertThat(organizations.find(org.id())).contains(org);
    long loads = cache.loads();
    assertThat(organizations.find(org.id())).contains(org);
    assertThat(cache.loads()).isEqualTo(loads); // kept: no read transaction

    Organization saved = organizations.save(org.withCustomerId("cus_1"));
    assertThat(organizations.find(org.id()).orElseThrow().version()).isEqualTo(saved.version());
    assertThat(organizations.find(org.id()).orElseThrow().customerId()).contains("cus_1");

    organizations.delete(org.id());
    assertThat(organizations.find(org.id())).isEmpty();
  }

  @Test
  void aMembershipReadIsKeptUntilTheStoreWritesIt() {
    SqlMembers members = store.members();
    Member admin = aMember().id("mem_admin").organization("org_m").role(Role.ADMIN).build();
    Member other =
        aMember()
            .id("mem_other")
            .organization("org_m")
            .email("o@example.com")
            .role(Role.MEMBER)
            .build();
    members.add(admin, Quota.of(10));
    members.add(other, Quota.of(10));
    ReadCache<Membership> cache = db.readCache("memberships");

    assertThat(members.membership(other.id()).orElseThrow().role()).isEqualTo(Role.MEMBER);
    long loads = cache.loads();
    assertThat(members.membership(other.id()).orElseThrow().role()).isEqualTo(Role.MEMBER);
    assertThat(cache.loads()).isEqualTo(loads); // kept: no read transaction

    assertThat(members.changeRole(other.organizationId(), other.id(), Role.ADMIN))
        .isInstanceOf(Members.Changed.class);
    assertThat(members.membership(other.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    assertThat(members.setOperator(other.id(), true)).isTrue();
    assertThat(members.membership(other.id()).orElseThrow().operator()).isTrue();
    assertThat(members.remove(other.organizationId(), other.id()))
        .isInstanceOf(Members.Changed.class);
    assertThat(members.membership(other.id())).isEmpty();
  }

  /**
   * A read that loaded the row before a write committed must not keep what it loaded: the write is
   * acknowledged first, the read then stores its (older) value, and the next read must still see
   * the write. Deterministic: the loader waits until the write is acknowledged.
   */
  @Test
  void aValueLoadedBeforeAnAcknowledgedWriteIsNotKept() throws Exception {
    ReadCache<Long> cache = cachedRow();
    CountDownLatch loaded = new CountDownLatch(1);
    CountDownLatch written = new CountDownLatch(1);
    CompletableFuture<Optional<Long>> slowRead =
        CompletableFuture.supplyAsync(
            () ->
                cache.get(
                    "k",
                    () -> {
                      Optional<Long> value = value();
                      loaded.countDown();
                      await(written);
                      return value;
                    }));
    await(loaded);
    db.write(
        h -> {
          cache.changing("k");
          return h.update("UPDATE cached SET value = 2 WHERE id = 'k'");
        });
    written.countDown();
    assertThat(slowRead.get(10, TimeUnit.SECONDS)).contains(1L); // it overlapped the write

    assertThat(cache.get("k", this::value)).contains(2L);
  }

  /** A read that loads while a write's batch has not committed yet keeps nothing either. */
  @Test
  void aValueLoadedWhileAWriteIsInFlightIsNotKept() throws Exception {
    ReadCache<Long> cache = cachedRow();
    CountDownLatch changing = new CountDownLatch(1);
    CountDownLatch read = new CountDownLatch(1);
    CompletableFuture<Integer> write =
        CompletableFuture.supplyAsync(
            () ->
                db.write(
                    h -> {
                      int n = h.update("UPDATE cached SET value = 2 WHERE id = 'k'");
                      cache.changing("k");
                      changing.countDown();
                      await(read); // the batch commits only after the read below
                      return n;
                    }));
    await(changing);
    // Reads the committed value (1) while the write is uncommitted: not to be kept.
    assertThat(cache.get("k", this::value)).contains(1L);
    read.countDown();
    write.get(10, TimeUnit.SECONDS);

    assertThat(cache.get("k", this::value)).contains(2L);
  }

  /**
   * Readers and a writer at the same time through the store's ports: every read sees at least the
   * version acknowledged before it started.
   */
  @Test
  void racingReadsNeverSeeAnOrganizationOlderThanAnAcknowledgedSave() throws Exception {
    SqlOrganizations organizations = store.organizations();
    Organization org = organizations.insert(anOrganization().id("org_race").build());
    AtomicLong acknowledged = new AtomicLong(org.version());
    AtomicBoolean done = new AtomicBoolean();
    List<String> stale = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> readers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      readers.add(
          CompletableFuture.runAsync(
              () -> {
                while (!done.get()) {
                  long before = acknowledged.get();
                  long seen = organizations.find(org.id()).orElseThrow().version();
                  if (seen < before) {
                    stale.add("read version " + seen + " after " + before + " was acknowledged");
                  }
                }
              },
              runnable -> new Thread(runnable).start()));
    }
    Organization current = org;
    for (int i = 0; i < 300; i++) {
      current = organizations.save(current.withCustomerId("cus_" + i));
      acknowledged.set(current.version());
    }
    done.set(true);
    for (CompletableFuture<Void> reader : readers) {
      reader.get(30, TimeUnit.SECONDS);
    }
    assertThat(stale).isEmpty();
    assertThat(organizations.find(org.id()).orElseThrow().version()).isEqualTo(current.version());
  }

  /** A table with the row 'k' = 1, and a cache of its values. */
  private ReadCache<Long> cachedRow() {
    db.write(
        h -> {
          h.execute("CREATE TABLE cached (id TEXT PRIMARY KEY, value INTEGER NOT NULL)");
          h.update("INSERT INTO cached (id, value) VALUES ('k', 1)");
          return null;
        });
    return db.readCache("test");
  }

  private Optional<Long> value() {
    return db.read(h -> h.one("SELECT value FROM cached WHERE id = 'k'", rs -> rs.getLong(1)));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

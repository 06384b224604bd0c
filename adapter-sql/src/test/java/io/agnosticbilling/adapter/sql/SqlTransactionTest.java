package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SqlBillingStore#inTransaction}: several port calls, one commit, or nothing. */
class SqlTransactionTest {
  private static final Duration LEASE = Duration.ofSeconds(60);

  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static IncomingEvent event(String id) {
    return new IncomingEvent(anEventHeader().id(id).build(), "{}");
  }

  @Test
  @DisplayName(
      "PostgreSQL: a statement held back for the COMMIT that misses fails the transaction before"
          + " its COMMIT runs: nothing of it is kept")
  void heldBackMissFailsTheTransaction() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    () -> {
                      store.webhookLog().claim(event("evt_1"), Fixture.NOW, LEASE);
                      return store
                          .database()
                          .write(
                              h ->
                                  h.deferUntilCommit(
                                      "WITH x AS (UPDATE webhook_log SET detail = 'x'"
                                          + " WHERE event_id = ? RETURNING 1)"
                                          + " SELECT 1 / COUNT(*) FROM x",
                                      "evt_missing"));
                    }))
        .isInstanceOf(SqlStoreException.class)
        .hasMessageContaining("division by zero");

    assertThat(store.webhookLog().find("evt_1")).isEmpty();
    // The pool's connection is usable again.
    assertThat(store.webhookLog().claim(event("evt_2"), Fixture.NOW, LEASE))
        .isInstanceOf(Claim.Claimed.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("claim, read-your-write, save and finish inside one transaction all commit")
  void commitsTogether(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Organization v1 = store.organizations().insert(anOrganization().build());

    Claim claim =
        store.inTransaction(
            () -> {
              Claim c = store.webhookLog().claim(event("evt_1"), Fixture.NOW, LEASE);
              Organization read = store.organizations().find(v1.id()).orElseThrow();
              store.organizations().save(read.withCustomerId("cus_tx"));
              store
                  .webhookLog()
                  .finish(
                      "evt_1",
                      c.entry().attempts(),
                      WebhookStatus.PROCESSED,
                      Optional.of(v1.id()),
                      Optional.empty(),
                      Optional.empty(),
                      Fixture.NOW);
              // On PostgreSQL the finish is held back for the COMMIT: this read runs it first.
              assertThat(store.webhookLog().find("evt_1").orElseThrow().status())
                  .as("the transaction reads its own writes")
                  .isEqualTo(WebhookStatus.PROCESSED);
              return c;
            });

    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    assertThat(store.webhookLog().find("evt_1").orElseThrow().status())
        .isEqualTo(WebhookStatus.PROCESSED);
    assertThat(store.organizations().find(v1.id()).orElseThrow().customerId()).contains("cus_tx");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("work that throws keeps nothing of what it wrote")
  void rollsBackWhole(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    () -> {
                      store.organizations().insert(anOrganization().id("org_gone").build());
                      store.webhookLog().claim(event("evt_gone"), Fixture.NOW, LEASE);
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");

    assertThat(store.organizations().find(OrganizationId.of("org_gone"))).isEmpty();
    assertThat(store.webhookLog().find("evt_gone")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a port call failing inside is undone alone; the work may catch it and go on")
  void failingCallUndoneAlone(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Organization stale = store.organizations().insert(anOrganization().id("org_a").build());
    store.organizations().save(stale.withCustomerId("cus_newer"));

    store.inTransaction(
        () -> {
          store.organizations().insert(anOrganization().id("org_b").build());
          assertThatThrownBy(() -> store.organizations().save(stale.withCustomerId("cus_old")))
              .isInstanceOf(ConcurrentUpdateException.class);
          store.checkoutSessions().confirmed("cs_none", Fixture.NOW);
          return null;
        });

    assertThat(store.organizations().find(OrganizationId.of("org_b"))).isPresent();
    assertThat(store.organizations().find(stale.id()).orElseThrow().customerId())
        .contains("cus_newer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("a database error inside fails the whole transaction, even when the work catches it")
  void databaseErrorFailsTheWhole(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Database db = store.database();

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    () -> {
                      store.organizations().insert(anOrganization().id("org_kept").build());
                      try {
                        db.write(h -> h.update("INSERT INTO no_such_table VALUES (1)"));
                      } catch (SqlStoreException swallowed) {
                        // The work goes on as if nothing happened.
                      }
                      store.webhookLog().claim(event("evt_after"), Fixture.NOW, LEASE);
                      return null;
                    }))
        .isInstanceOf(SqlStoreException.class);

    assertThat(store.organizations().find(OrganizationId.of("org_kept"))).isEmpty();
    assertThat(store.webhookLog().find("evt_after")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("16 transactions racing to claim one event (two pools on PostgreSQL): one wins")
  void racingTransactions(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore first = fixture.first();
    SqlBillingStore second = fixture.second();

    List<Claim> claims =
        Race.values(
            Race.run(
                16,
                i -> {
                  SqlBillingStore store = i % 2 == 0 ? first : second;
                  return store.inTransaction(
                      () -> store.webhookLog().claim(event("evt_race"), Fixture.NOW, LEASE));
                }));

    assertThat(claims).filteredOn(Claim.Claimed.class::isInstance).hasSize(1);
    assertThat(first.webhookLog().find("evt_race").orElseThrow().attempts()).isEqualTo(1);
  }

  private static boolean finish(SqlBillingStore store, String eventId, int attempt) {
    return store
        .webhookLog()
        .finish(
            eventId,
            attempt,
            WebhookStatus.PROCESSED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Fixture.NOW);
  }

  @Test
  @DisplayName(
      "PostgreSQL: a claim outside any transaction waits for a transaction holding the event's"
          + " claim unwritten, then finds it finished; the reverse finds the event in progress")
  void claimOutsideWaitsForHeldClaim() throws Exception {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    SqlBillingStore other = fixture.second();
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);

    CompletableFuture<Claim> inTransaction =
        CompletableFuture.supplyAsync(
            () ->
                store.inTransaction(
                    () -> {
                      Claim c = store.webhookLog().claim(event("evt_1"), Fixture.NOW, LEASE);
                      claimed.countDown();
                      await(release);
                      finish(store, "evt_1", 1);
                      return c;
                    }));
    assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Claim> outside =
        CompletableFuture.supplyAsync(
            () -> other.webhookLog().claim(event("evt_1"), Fixture.NOW, LEASE));
    Thread.sleep(300);
    assertThat(outside).as("waits on the event's lock").isNotDone();
    release.countDown();

    assertThat(inTransaction.get(10, TimeUnit.SECONDS)).isInstanceOf(Claim.Claimed.class);
    assertThat(outside.get(10, TimeUnit.SECONDS)).isInstanceOf(Claim.AlreadyFinished.class);

    // The reverse: claimed outside (committed, processing), then claimed in a transaction.
    assertThat(other.webhookLog().claim(event("evt_2"), Fixture.NOW, LEASE))
        .isInstanceOf(Claim.Claimed.class);
    assertThat(
            store.inTransaction(() -> store.webhookLog().claim(event("evt_2"), Fixture.NOW, LEASE)))
        .isInstanceOf(Claim.InProgress.class);
    assertThat(finish(other, "evt_2", 1)).isTrue();
  }

  @Test
  @DisplayName(
      "PostgreSQL: a claim held unwritten is written as claimed when the transaction reads the log"
          + " or claims it again, and when it commits without a finish (its lease then runs)")
  void heldClaimWrittenWhenNeeded() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();

    store.inTransaction(
        () -> {
          store.webhookLog().claim(event("evt_1"), Fixture.NOW, LEASE);
          assertThat(store.webhookLog().find("evt_1").orElseThrow().status())
              .isEqualTo(WebhookStatus.PROCESSING);
          assertThat(store.webhookLog().claim(event("evt_1"), Fixture.NOW, LEASE))
              .isInstanceOf(Claim.InProgress.class);
          assertThat(finish(store, "evt_1", 1)).isTrue();
          assertThat(finish(store, "evt_1", 1)).as("finished already").isFalse();
          return null;
        });
    store.inTransaction(() -> store.webhookLog().claim(event("evt_2"), Fixture.NOW, LEASE));

    assertThat(store.webhookLog().find("evt_1").orElseThrow().status())
        .isEqualTo(WebhookStatus.PROCESSED);
    assertThat(store.webhookLog().find("evt_2").orElseThrow().status())
        .isEqualTo(WebhookStatus.PROCESSING);
    assertThat(store.webhookLog().claim(event("evt_2"), Fixture.NOW.plus(LEASE), LEASE))
        .as("taken over once the lease ran out")
        .isInstanceOf(Claim.Claimed.class)
        .extracting(c -> c.entry().attempts())
        .isEqualTo(2);
  }

  @Test
  @DisplayName(
      "PostgreSQL: a claim naming an organization reads it in the claim's round trip; only the"
          + " read right after the claim takes that row, once: a later read, or one after any"
          + " other statement, reads again and sees what another instance committed meanwhile")
  void claimReadsTheNamedOrganizationAhead() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    SqlBillingStore other = fixture.second();
    Organization v1 = store.organizations().insert(anOrganization().build());

    List<Long> seen =
        store.inTransaction(
            () -> {
              store.webhookLog().claim(naming("evt_1", v1.id()), Fixture.NOW, LEASE);
              // Committed by another instance after the claim's round trip.
              other.organizations().save(v1.withCustomerId("cus_other_1"));
              long rightAfter = store.organizations().find(v1.id()).orElseThrow().version();
              long again = store.organizations().find(v1.id()).orElseThrow().version();
              return List.of(rightAfter, again);
            });
    assertThat(seen)
        .as("the row read with the claim, then the row as committed since")
        .containsExactly(1L, 2L);

    Organization v2 = store.organizations().find(v1.id()).orElseThrow();
    long afterAnotherStatement =
        store.inTransaction(
            () -> {
              store.webhookLog().claim(naming("evt_2", v1.id()), Fixture.NOW, LEASE);
              other.organizations().save(v2.withCustomerId("cus_other_2"));
              store.webhookLog().find("evt_1");
              return store.organizations().find(v1.id()).orElseThrow().version();
            });
    assertThat(afterAnotherStatement).as("dropped by the statement in between").isEqualTo(3);

    long unknownNamed =
        store.inTransaction(
            () -> {
              store
                  .webhookLog()
                  .claim(naming("evt_3", OrganizationId.of("org_unknown")), Fixture.NOW, LEASE);
              assertThat(store.organizations().find(OrganizationId.of("org_unknown"))).isEmpty();
              return store.organizations().find(v1.id()).orElseThrow().version();
            });
    assertThat(unknownNamed).as("another organization is read as usual").isEqualTo(3);

    Organization v3 = store.organizations().find(v1.id()).orElseThrow();
    long afterHeldFinish =
        store.inTransaction(
            () -> {
              store.webhookLog().claim(naming("evt_4", v1.id()), Fixture.NOW, LEASE);
              other.organizations().save(v3.withCustomerId("cus_other_3"));
              assertThat(finish(store, "evt_4", 1)).isTrue();
              return store.organizations().find(v1.id()).orElseThrow().version();
            });
    assertThat(afterHeldFinish).as("dropped by a write held back for the COMMIT").isEqualTo(4);
  }

  @Test
  @DisplayName(
      "PostgreSQL: a save inside a transaction goes with the COMMIT; refused there (another"
          + " instance saved first), the transaction is rolled back whole and its work runs again"
          + " from the newer state, keeping both changes and the subscription rows")
  void heldSaveRefusedRunsTheWorkAgain() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    SqlBillingStore other = fixture.second();
    Organization v1 =
        store
            .organizations()
            .insert(anOrganization().subscription(aSubscription().id("sub_1")).build());
    AtomicInteger runs = new AtomicInteger();

    store.inTransaction(
        () -> {
          int run = runs.incrementAndGet();
          Claim claim = store.webhookLog().claim(naming("evt_1", v1.id()), Fixture.NOW, LEASE);
          assertThat(claim).as("run %d", run).isInstanceOf(Claim.Claimed.class);
          Organization read = store.organizations().find(v1.id()).orElseThrow();
          if (run == 1) {
            other.organizations().save(read.withCustomerId("cus_other"));
          }
          store
              .organizations()
              .save(
                  read.withSubscription(
                          aSubscription().id("sub_1").status(SubscriptionStatus.CANCELED).build())
                      .withSubscription(aSubscription().id("sub_2").build()));
          assertThat(finish(store, "evt_1", 1)).isTrue();
          return null;
        });

    assertThat(runs.get()).isEqualTo(2);
    Organization saved = store.organizations().find(v1.id()).orElseThrow();
    assertThat(saved.version()).isEqualTo(3);
    assertThat(saved.customerId()).contains("cus_other");
    assertThat(saved.subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(store.organizations().findBySubscriptionId("sub_2")).contains(saved);
    assertThat(rowStatuses(v1.id()))
        .as("the subscription rows")
        .containsExactly("sub_1 canceled", "sub_2 active");
    assertThat(store.webhookLog().find("evt_1").orElseThrow().status())
        .isEqualTo(WebhookStatus.PROCESSED);
  }

  @Test
  @DisplayName(
      "PostgreSQL: a held save refused at every attempt ends in ConcurrentUpdateException after"
          + " as many runs of the work as the domain tries a save, none of which committed"
          + " anything")
  void heldSaveRefusedEveryTime() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    SqlBillingStore other = fixture.second();
    Organization v1 = store.organizations().insert(anOrganization().build());
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                store.inTransaction(
                    () -> {
                      runs.incrementAndGet();
                      store.webhookLog().claim(naming("evt_1", v1.id()), Fixture.NOW, LEASE);
                      Organization read = store.organizations().find(v1.id()).orElseThrow();
                      Organization theirs = other.organizations().find(v1.id()).orElseThrow();
                      other.organizations().save(theirs.withCustomerId("cus_" + runs.get()));
                      store.organizations().save(read.withCustomerId("cus_mine"));
                      return null;
                    }))
        .isInstanceOf(ConcurrentUpdateException.class);

    assertThat(runs.get()).isEqualTo(PostgresDatabase.SAVE_ATTEMPTS);
    assertThat(store.organizations().find(v1.id()).orElseThrow().customerId())
        .contains("cus_" + PostgresDatabase.SAVE_ATTEMPTS);
    assertThat(store.webhookLog().find("evt_1")).as("the claims rolled back").isEmpty();
  }

  @Test
  @DisplayName(
      "PostgreSQL: a held save mends a subscription row that did not mirror the organization"
          + " (an upsert) and leaves the others as they were")
  void heldSaveUpsertsSubscriptionRows() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    Organization v1 =
        store
            .organizations()
            .insert(
                anOrganization()
                    .subscription(aSubscription().id("sub_1"))
                    .subscription(aSubscription().id("sub_2"))
                    .build());
    ((Fixture.PostgresFixture) fixture)
        .sql("DELETE FROM organization_subscriptions WHERE subscription_id = 'sub_2'");

    store.inTransaction(
        () -> {
          Organization read = store.organizations().find(v1.id()).orElseThrow();
          return store
              .organizations()
              .save(
                  read.withSubscription(
                      aSubscription().id("sub_2").status(SubscriptionStatus.PAST_DUE).build()));
        });

    Organization saved = store.organizations().find(v1.id()).orElseThrow();
    assertThat(rowStatuses(v1.id())).containsExactly("sub_1 active", "sub_2 past_due");
    assertThat(store.organizations().findBySubscriptionId("sub_2")).contains(saved);
  }

  /** The organization's subscription rows as stored: "id status", by id. */
  private List<String> rowStatuses(OrganizationId id) {
    return fixture
        .first()
        .database()
        .read(
            h ->
                h.list(
                    "SELECT subscription_id, status FROM organization_subscriptions"
                        + " WHERE organization_id = ? ORDER BY subscription_id",
                    rs -> rs.getString(1) + " " + rs.getString(2),
                    id.value()));
  }

  private static IncomingEvent naming(String eventId, OrganizationId organization) {
    return new IncomingEvent(anEventHeader().id(eventId).build(), "{}", Optional.of(organization));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

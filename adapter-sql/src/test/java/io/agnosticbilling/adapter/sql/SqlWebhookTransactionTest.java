package io.agnosticbilling.adapter.sql;

import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionSnapshot;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.Notifications;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.memory.FakePasswordHasher;
import io.agnosticbilling.testkit.payment.FakePaymentProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webhook through the {@link Billing} facade on the real stores, with the store's {@link
 * SqlBillingStore#transactions()}: on SQLite one writer task and one commit per event, the payment
 * provider kept out of the writer thread (an event that needs it is rolled back whole and handled
 * again outside), and exactly-once and order independence kept on both databases.
 */
class SqlWebhookTransactionTest {
  private static final Instant NOW = Fixture.NOW;
  private static final String TEAM_PRICE = "price_team";
  private static final String ENTERPRISE_PRICE = "price_enterprise";
  private static final Instant TIE = NOW.minusSeconds(30);

  private final FakePaymentProvider provider = new FakePaymentProvider();
  private Fixture fixture;

  @AfterEach
  void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static Billing billing(SqlBillingStore store, PaymentProvider provider) {
    return billing(store, provider, store.organizations());
  }

  private static Billing billing(
      SqlBillingStore store, PaymentProvider provider, Organizations organizations) {
    PlanCatalog catalog =
        PlanCatalog.defaults()
            .withProviderPrices(
                Map.of(PlanId.TEAM, TEAM_PRICE, PlanId.ENTERPRISE, ENTERPRISE_PRICE));
    return Billing.builder()
        .organizations(organizations)
        .members(store.members())
        .webhookLog(store.webhookLog())
        .usageCounters(store.usageCounters())
        .usageAlerts(store.usageAlerts())
        .checkoutSessions(store.checkoutSessions())
        .reports(store.reports())
        .notifications(store.notificationOutbox())
        .transactions(store.transactions())
        .passwordHasher(new FakePasswordHasher())
        .paymentProvider(provider)
        .clock(Fixture.CLOCK)
        .settings(BillingSettings.defaults().withCatalog(catalog))
        .build();
  }

  private static SubscriptionSnapshotBuilder team(String subscription, String org) {
    return aSubscriptionSnapshot()
        .id(subscription)
        .customer("cus_" + org)
        .organization(org)
        .status(SubscriptionStatus.ACTIVE)
        .price(TEAM_PRICE)
        .period(NOW.minus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(25)))
        .startedAt(NOW.minus(Duration.ofDays(35)));
  }

  private static BillingEvent event(String id, Instant created, SubscriptionSnapshotBuilder s) {
    return event(id, created, s.build());
  }

  private static BillingEvent event(String id, Instant created, SubscriptionSnapshot s) {
    return aSubscriptionEvent(Change.UPDATED).eventId(id).created(created).subscription(s).build();
  }

  private static EventOutcome handle(Billing billing, BillingEvent event) {
    return billing.handle(event, "{\"id\":\"" + event.header().id() + "\"}");
  }

  /**
   * org_1 holding sub_1 as applied from an event at {@link #TIE}; the provider holds it past_due,
   * so another event of that second with other content is settled by a fetch.
   */
  private Billing seedTie(SqlBillingStore store) {
    store.organizations().insert(anOrganization().id("org_1").createdAt(NOW).build());
    Billing billing = billing(store, provider);
    handle(billing, event("evt_1", TIE, team("sub_1", "org_1")));
    provider.putSubscription(team("sub_1", "org_1").status(SubscriptionStatus.PAST_DUE).build());
    return billing;
  }

  private static long commits(SqlBillingStore store) {
    return ((SqliteDatabase) store.database()).commits();
  }

  private static Organization organization(SqlBillingStore store, String id) {
    return store.organizations().find(OrganizationId.of(id)).orElseThrow();
  }

  private static WebhookLogEntry logged(SqlBillingStore store, String eventId) {
    return store.webhookLog().find(eventId).orElseThrow();
  }

  /** The provider, with {@code fetchSubscription} running {@code around} first. */
  private PaymentProvider fetching(Runnable around) {
    return (PaymentProvider)
        Proxy.newProxyInstance(
            PaymentProvider.class.getClassLoader(),
            new Class<?>[] {PaymentProvider.class},
            (proxy, method, args) -> {
              if (method.getName().equals("fetchSubscription")) {
                around.run();
              }
              try {
                return method.invoke(provider, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  @DisplayName("SQLite: a webhook is one writer task and one commit (claim, save and finish)")
  void oneCommitPerWebhook() {
    fixture = Fixture.sqlite();
    SqlBillingStore store = fixture.first();
    store.organizations().insert(anOrganization().id("org_1").createdAt(NOW).build());
    Billing billing = billing(store, provider);

    long before = commits(store);
    EventOutcome first =
        handle(billing, event("evt_1", NOW.minusSeconds(60), team("sub_1", "org_1")));
    long afterFirst = commits(store);
    EventOutcome second =
        handle(
            billing,
            event(
                "evt_2",
                NOW.minusSeconds(30),
                team("sub_1", "org_1").status(SubscriptionStatus.PAST_DUE)));
    long afterSecond = commits(store);

    assertThat(first.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(second.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(afterFirst - before).as("commits of the first event").isEqualTo(1);
    assertThat(afterSecond - afterFirst).as("commits of the second event").isEqualTo(1);
    assertThat(logged(store, "evt_2").status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(logged(store, "evt_2").organizationId()).contains(OrganizationId.of("org_1"));
    assertThat(organization(store, "org_1").subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(provider.calls("fetchSubscription")).isEmpty();
  }

  @Test
  @DisplayName(
      "PostgreSQL: a webhook that saves its organization is 3 round trips (claim: the event's"
          + " lock, the read of its log row and of the organization the event names; one"
          + " statement for the compare-and-set, its outbox rows and the read of its subscription"
          + " rows; the log's one insert, finished, sent with the COMMIT), one more when a"
          + " subscription row changes")
  void postgresRoundTrips() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    store.organizations().insert(anOrganization().id("org_1").createdAt(NOW).build());
    Billing billing = billing(store, provider);
    handle(billing, event("evt_0", NOW.minusSeconds(90), team("sub_1", "org_1")));

    List<EventOutcome> outcomes = new ArrayList<>();
    long[] trips = new long[3];
    long[] statements = new long[3];
    String trace;
    try (RoundTrips counted = RoundTrips.count()) {
      // A status change (its subscription row updated, a subscription.changed notification), a
      // new subscription (a row inserted, subscription.started) and a change of the document
      // only (cancel at period end: subscription.changed again).
      List<BillingEvent> events =
          List.of(
              event(
                  "evt_1",
                  NOW.minusSeconds(60),
                  team("sub_1", "org_1").status(SubscriptionStatus.PAST_DUE)),
              event("evt_2", NOW.minusSeconds(50), team("sub_2", "org_1")),
              event("evt_3", NOW.minusSeconds(40), team("sub_2", "org_1").cancelAtPeriodEnd(true)));
      for (int i = 0; i < events.size(); i++) {
        long tripsBefore = counted.roundTrips();
        long statementsBefore = counted.statements();
        outcomes.add(handle(billing, events.get(i)));
        trips[i] = counted.roundTrips() - tripsBefore;
        statements[i] = counted.statements() - statementsBefore;
      }
      trace = counted.trace();
    }

    assertThat(outcomes).allSatisfy(o -> assertThat(o.status()).isEqualTo(WebhookStatus.PROCESSED));
    assertThat(trips).as("round trips per webhook; sent:%n%s", trace).containsExactly(2, 2, 2);
    assertThat(statements).as("statements per webhook; sent:%n%s", trace).containsExactly(7, 7, 6);
    Organization org = organization(store, "org_1");
    assertThat(org.version()).isEqualTo(5);
    assertThat(org.subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(org.subscription("sub_2").orElseThrow().cancelAtPeriodEnd()).isTrue();
    assertThat(logged(store, "evt_3").status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(logged(store, "evt_3").organizationId()).contains(OrganizationId.of("org_1"));
  }

  @Test
  @DisplayName(
      "PostgreSQL: another instance saving the organization first makes the one-statement save"
          + " refuse, having written nothing; the webhook retries from the newer state and keeps"
          + " both changes")
  void postgresConflictInOneStatementSaveRetried() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    SqlBillingStore other = fixture.second();
    store.organizations().insert(anOrganization().id("org_1").createdAt(NOW).build());
    AtomicInteger finds = new AtomicInteger();
    Organizations racing =
        (Organizations)
            Proxy.newProxyInstance(
                Organizations.class.getClassLoader(),
                new Class<?>[] {Organizations.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(store.organizations(), args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("find") && finds.incrementAndGet() == 1) {
                    // After the webhook read version 1: the other instance saves version 2.
                    Organization read =
                        other.organizations().find(OrganizationId.of("org_1")).orElseThrow();
                    other
                        .organizations()
                        .save(read.withSubscription(aSubscription().id("sub_other").build()));
                  }
                  return result;
                });
    Billing billing = billing(store, provider, racing);

    EventOutcome outcome =
        handle(billing, event("evt_1", NOW.minusSeconds(60), team("sub_1", "org_1")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(finds.get()).as("read again after the refusal").isEqualTo(2);
    Organization org = organization(store, "org_1");
    assertThat(org.version()).isEqualTo(3);
    assertThat(org.subscription("sub_other")).isPresent();
    assertThat(org.subscription("sub_1")).isPresent();
    assertThat(store.organizations().findBySubscriptionId("sub_other")).contains(org);
    assertThat(store.organizations().findBySubscriptionId("sub_1")).contains(org);
    assertThat(store.notificationOutbox().list(Optional.empty(), 0, 10))
        .extracting(e -> e.notification().id())
        .containsExactly("subscription.started:sub_1");
  }

  @Test
  @DisplayName(
      "PostgreSQL: a save from a stale version, with a new subscription and a notification, is"
          + " refused and writes neither its subscription row nor its outbox row")
  void postgresRefusedSaveWritesNothing() {
    fixture = Fixture.postgres();
    SqlBillingStore store = fixture.first();
    Organization v1 =
        store
            .organizations()
            .insert(
                anOrganization()
                    .id("org_1")
                    .createdAt(NOW)
                    .subscription(aSubscription().id("sub_gone"))
                    .build());
    store.organizations().save(v1.withCustomerId("cus_winner"));
    Organization stale =
        v1.withSubscription(aSubscription().id("sub_new").build()).withCustomerId("cus_loser");
    Notification notification =
        Notifications.trialEnding(
            "evt_1", v1.id(), "sub_new", Optional.of(NOW.plusSeconds(60)), "team", NOW);

    assertThatThrownBy(() -> store.organizations().save(stale, List.of(notification)))
        .isInstanceOf(ConcurrentUpdateException.class);

    assertThat(organization(store, "org_1").customerId()).contains("cus_winner");
    assertThat(store.organizations().findBySubscriptionId("sub_new")).isEmpty();
    assertThat(store.organizations().findBySubscriptionId("sub_gone")).isPresent();
    assertThat(store.notificationOutbox().list(Optional.empty(), 0, 10)).isEmpty();
  }

  @Test
  @DisplayName(
      "SQLite: a same-second tie is fetched outside the writer, which keeps writing meanwhile;"
          + " the refused transaction kept nothing, not even its claim")
  void tieFetchedOutsideTheWriter() throws Exception {
    fixture = Fixture.sqlite();
    SqlBillingStore store = fixture.first();
    seedTie(store);
    List<String> fetchThreads = new CopyOnWriteArrayList<>();
    List<Boolean> writeDoneDuringFetch = new CopyOnWriteArrayList<>();
    Billing billing =
        billing(
            store,
            fetching(
                () -> {
                  fetchThreads.add(Thread.currentThread().getName());
                  // While the provider call waits, another write must get through the writer.
                  CompletableFuture<Object> write =
                      CompletableFuture.supplyAsync(
                          () ->
                              store
                                  .webhookLog()
                                  .claim(
                                      new IncomingEvent(
                                          anEventHeader().id("evt_other").build(), "{}"),
                                      NOW,
                                      Duration.ofSeconds(60)));
                  try {
                    write.get(10, TimeUnit.SECONDS);
                    writeDoneDuringFetch.add(true);
                  } catch (Exception e) {
                    writeDoneDuringFetch.add(false);
                  }
                }));

    long before = commits(store);
    EventOutcome outcome =
        handle(
            billing,
            event("evt_tie", TIE, team("sub_1", "org_1").status(SubscriptionStatus.UNPAID)));
    long commits = commits(store) - before;

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(outcome.detail()).contains("same-second tie resolved from the provider");
    assertThat(organization(store, "org_1").subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(fetchThreads).hasSize(1);
    assertThat(fetchThreads.get(0)).doesNotStartWith("sqlite-writer");
    assertThat(writeDoneDuringFetch)
        .as("the writer was free while the fetch waited")
        .containsExactly(true);
    assertThat(store.webhookLog().find("evt_other")).isPresent();
    // The refused transaction committed nothing: its claim is gone, so the handling outside claimed
    // the event afresh (attempt 1) and committed claim, save and finish on their own, plus the
    // other write.
    assertThat(logged(store, "evt_tie").attempts()).isEqualTo(1);
    assertThat(logged(store, "evt_tie").status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(commits).isEqualTo(4);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName(
      "a provider failure is the event's error, logged once (on SQLite after the refused"
          + " transaction); Stripe's retry takes the error over as attempt 2")
  void providerFailureOutsideIsTheEventsError(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Billing billing = seedTie(store);
    provider.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.UNREACHABLE, "stripe down"));

    BillingEvent tied =
        event("evt_tie", TIE, team("sub_1", "org_1").status(SubscriptionStatus.PAST_DUE));
    EventProcessingException failed = catchFailure(billing, tied);

    assertThat(failed).hasMessageContaining("stripe down");
    WebhookLogEntry entry = logged(store, "evt_tie");
    assertThat(entry.status()).isEqualTo(WebhookStatus.ERROR);
    assertThat(entry.attempts()).isEqualTo(1);
    assertThat(organization(store, "org_1").subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.ACTIVE);
    // Stripe's retry: claimed again from the error, now processed.
    assertThat(handle(billing, tied).status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(logged(store, "evt_tie").attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "PostgreSQL: a webhook writes its log row once, finished, with the COMMIT (no insert of a"
          + " claimed row then an update of it), a failed one too; a duplicate writes none")
  void postgresLogRowWrittenOnce() throws Exception {
    fixture = Fixture.postgres();
    try (SqlBillingStore instance =
        SqlBillingStore.postgres(((Fixture.PostgresFixture) fixture).url, Fixture.options())) {
      instance.organizations().insert(anOrganization().id("org_1").createdAt(NOW).build());
      Billing billing = billing(instance, provider);
      handle(billing, event("evt_1", TIE, team("sub_1", "org_1")));
      provider.putSubscription(team("sub_1", "org_1").status(SubscriptionStatus.PAST_DUE).build());
      provider.failNext(
          new PaymentProviderException(PaymentProviderException.Kind.UNREACHABLE, "stripe down"));
      catchFailure(
          billing, event("evt_tie", TIE, team("sub_1", "org_1").status(SubscriptionStatus.UNPAID)));
      handle(
          billing,
          event("evt_2", NOW.minusSeconds(20), team("sub_1", "org_1").cancelAtPeriodEnd(true)));
      assertThat(handle(billing, event("evt_1", TIE, team("sub_1", "org_1"))).duplicate()).isTrue();
    }
    SqlBillingStore store = fixture.first();

    // The instance's connections are closed: their backends report their counts as they exit.
    long[] written = {0, 0};
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        written[0] < 3 && System.nanoTime() < deadline; ) {
      Thread.sleep(50);
      written =
          store
              .database()
              .read(
                  h ->
                      h.one(
                          "SELECT n_tup_ins, n_tup_upd FROM pg_stat_user_tables"
                              + " WHERE schemaname = current_schema() AND relname = 'webhook_log'",
                          rs -> new long[] {rs.getLong(1), rs.getLong(2)}))
              .orElseThrow();
    }

    assertThat(written).as("log rows inserted, updated").containsExactly(3, 0);
    assertThat(logged(store, "evt_1").status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(logged(store, "evt_tie").status()).isEqualTo(WebhookStatus.ERROR);
    assertThat(logged(store, "evt_tie").error())
        .hasValueSatisfying(e -> assertThat(e).contains("stripe down"));
    assertThat(logged(store, "evt_2").status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(logged(store, "evt_2").attempts()).isEqualTo(1);
  }

  private static EventProcessingException catchFailure(Billing billing, BillingEvent event) {
    try {
      handle(billing, event);
    } catch (EventProcessingException e) {
      return e;
    }
    throw new AssertionError("the event did not fail");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName(
      "8 different events for one organization at once, on two instances: every change kept,"
          + " each event processed once (on PostgreSQL the saves that lose run their event again)")
  void concurrentEventsOfOneOrganizationAllKept(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    store.organizations().insert(anOrganization().id("org_1").createdAt(NOW).build());
    Billing billing = billing(store, provider);
    Billing other = billing(fixture.second(), provider);
    List<BillingEvent> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(event("evt_" + i, NOW.minusSeconds(30), team("sub_" + i, "org_1")));
    }

    List<EventOutcome> outcomes =
        Race.all(8, i -> handle(i % 2 == 0 ? billing : other, events.get(i)));

    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(WebhookStatus.PROCESSED))
        .noneMatch(EventOutcome::duplicate);
    Organization org = organization(store, "org_1");
    assertThat(org.version()).as("one save per event").isEqualTo(9);
    for (int i = 0; i < 8; i++) {
      assertThat(org.subscription("sub_" + i)).as("sub_%d", i).isPresent();
      assertThat(store.organizations().findBySubscriptionId("sub_" + i)).contains(org);
      assertThat(logged(store, "evt_" + i).attempts()).isEqualTo(1);
    }
    assertThat(store.notificationOutbox().list(Optional.empty(), 0, 20))
        .as("one subscription.started each, none from a run that lost")
        .hasSize(8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName(
      "16 concurrent deliveries of 4 events to two instances: each processed exactly once, saved"
          + " once")
  void concurrentDeliveriesProcessOnce(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    List<BillingEvent> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      store.organizations().insert(anOrganization().id("org_" + i).createdAt(NOW).build());
      events.add(event("evt_" + i, NOW.minusSeconds(30), team("sub_" + i, "org_" + i)));
    }
    Billing billing = billing(store, provider);
    // On PostgreSQL every other delivery goes to a second instance (its own pool).
    Billing other = billing(fixture.second(), provider);

    List<EventOutcome> outcomes =
        Race.all(16, i -> handle((i / 4) % 2 == 0 ? billing : other, events.get(i % 4)));

    for (int i = 0; i < 4; i++) {
      String id = "evt_" + i;
      assertThat(outcomes)
          .filteredOn(o -> o.eventId().equals(id) && !o.duplicate())
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(WebhookStatus.PROCESSED));
      assertThat(logged(store, id).attempts()).isEqualTo(1);
      assertThat(organization(store, "org_" + i).version()).as("saved once").isEqualTo(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName(
      "16 concurrent deliveries of a same-second tie: processed once, the others duplicates or"
          + " 'in progress'")
  void concurrentTiesProcessOnce(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Billing billing = seedTie(store);
    BillingEvent tied =
        event("evt_tie", TIE, team("sub_1", "org_1").status(SubscriptionStatus.UNPAID));

    List<Race.Outcome<EventOutcome>> outcomes = Race.run(16, i -> handle(billing, tied));

    assertThat(outcomes)
        .allSatisfy(
            o -> {
              if (!o.succeeded()) {
                assertThat(o.failure()).isInstanceOf(ConflictException.class);
              }
            });
    assertThat(outcomes)
        .filteredOn(o -> o.succeeded() && !o.value().duplicate())
        .singleElement()
        .satisfies(o -> assertThat(o.value().status()).isEqualTo(WebhookStatus.PROCESSED));
    assertThat(logged(store, "evt_tie").attempts()).isEqualTo(1);
    assertThat(organization(store, "org_1").version()).as("saved once per event").isEqualTo(3);
    assertThat(organization(store, "org_1").subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.PAST_DUE);
  }

  /**
   * One subscription's history, some events in the same second (ties settled by a fetch of the last
   * state), delivered shuffled and duplicated: every order ends in the provider's last state.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  @DisplayName("any shuffled, duplicated delivery of a history with ties ends in the last state")
  void orderIndependent(String dialect) {
    fixture = Fixture.of(dialect);
    SqlBillingStore store = fixture.first();
    Billing billing = billing(store, provider);
    for (int seed = 0; seed < 6; seed++) {
      String org = "org_seed" + seed;
      String sub = "sub_seed" + seed;
      store.organizations().insert(anOrganization().id(org).createdAt(NOW).build());
      List<UnaryOperator<SubscriptionSnapshotBuilder>> steps =
          List.of(
              s -> s.status(SubscriptionStatus.TRIALING),
              s -> s.status(SubscriptionStatus.ACTIVE),
              s -> s.status(SubscriptionStatus.ACTIVE).price(ENTERPRISE_PRICE),
              s -> s.status(SubscriptionStatus.PAST_DUE).price(ENTERPRISE_PRICE),
              s -> s.status(SubscriptionStatus.ACTIVE).price(ENTERPRISE_PRICE),
              s -> s.status(SubscriptionStatus.ACTIVE).cancelAtPeriodEnd(true));
      // Seconds: 0, 0 (a tie), 1, 2, 2 (a tie), 3.
      long[] seconds = {0, 0, 1, 2, 2, 3};
      List<BillingEvent> inOrder = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        inOrder.add(
            event(
                "evt_" + seed + "_" + i,
                NOW.minusSeconds(100 - seconds[i]),
                steps.get(i).apply(team(sub, org))));
      }
      SubscriptionSnapshot last = steps.get(steps.size() - 1).apply(team(sub, org)).build();
      provider.putSubscription(last);
      List<BillingEvent> delivered = new ArrayList<>(inOrder);
      delivered.addAll(inOrder.subList(0, 3));
      Collections.shuffle(delivered, new Random(seed));

      for (BillingEvent e : delivered) {
        handle(billing, e);
      }

      Subscription stored = organization(store, org).subscription(sub).orElseThrow();
      assertThat(stored.status()).as("seed %d", seed).isEqualTo(last.status());
      assertThat(stored.priceId()).as("seed %d", seed).isEqualTo(last.priceId());
      assertThat(stored.cancelAtPeriodEnd()).as("seed %d", seed).isTrue();
      for (BillingEvent e : inOrder) {
        assertThat(logged(store, e.header().id()).status().isFinished()).isTrue();
      }
    }
  }
}

package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aCheckoutCompletedEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.TooManyCheckoutsException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.RecordUsage.Allowed;
import io.agnosticbilling.domain.port.in.RecordUsage.UsageOutcome;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.memory.InMemoryOrganizations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The services under threads released together: compare-and-set retries lose no update, and the
 * usage limit and its alerts hold exactly.
 */
class ConcurrentServicesTest {
  final InMemoryBilling fixture = new InMemoryBilling(NOW);

  @RepeatedTest(3)
  @DisplayName(
      "16 events for 16 subscriptions of one organization, applied at once, are all stored")
  void concurrentEventsOfOneOrganizationLoseNoUpdate() throws Exception {
    int threads = 16;
    OrganizationId org = Seed.organization(fixture, "org_1");
    CollidingOrganizations colliding = new CollidingOrganizations(fixture.organizations, threads);
    Billing instance =
        Seed.anotherInstance(fixture, colliding, fixture.provider, fixture.billing.catalog());

    List<EventOutcome> outcomes =
        runTogether(
            threads,
            i -> {
              BillingEvent event =
                  aSubscriptionEvent(Change.CREATED)
                      .eventId("evt_" + i)
                      .created(NOW.minusSeconds(60))
                      .subscription(team("sub_" + i, "cus_1", "org_1"))
                      .build();
              return instance.handle(event, Seed.payload(event));
            });

    assertThat(outcomes).extracting(EventOutcome::status).containsOnly(WebhookStatus.PROCESSED);
    Organization stored = fixture.organizations.find(org).orElseThrow();
    assertThat(stored.subscriptions())
        .extracting(Subscription::id)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, threads).mapToObj(i -> "sub_" + i).toList());
    assertThat(stored.version()).as("one save per event, none lost").isEqualTo(1 + threads);
    assertThat(colliding.conflicts.get())
        .as("every thread read the same version first, so 15 first saves had to be retried")
        .isGreaterThanOrEqualTo(threads - 1);
  }

  @RepeatedTest(3)
  @DisplayName(
      "30 Checkout starts of one organization at once with a limit of 10: exactly 10 sessions are"
          + " created, 20 are refused with the wait")
  void concurrentCheckoutStartsStopAtTheLimit() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_buyer", "cus_buyer");

    List<Race.Outcome<CheckoutSessionCreated>> outcomes =
        Race.run(
            30, i -> fixture.billing.startCheckout(org, PlanId.TEAM, Email.of("a@example.com")));

    assertThat(outcomes).filteredOn(Race.Outcome::succeeded).hasSize(10);
    assertThat(outcomes)
        .filteredOn(o -> !o.succeeded())
        .hasSize(20)
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(TooManyCheckoutsException.class));
    assertThat(fixture.provider.calls("createCheckoutSession")).hasSize(10);
  }

  @RepeatedTest(3)
  @DisplayName(
      "64 threads with 8 runs each (every run id sent twice) on Free: exactly 100 counted, each"
          + " run id decided once, each alert threshold published once")
  void concurrentUsageStopsExactlyAtTheLimit() throws Exception {
    int threads = 64;
    int runsPerThread = 8;
    OrganizationId org = Seed.organization(fixture, "org_free");
    Map<String, List<UsageOutcome>> byRunId = new ConcurrentHashMap<>();

    runTogether(
        threads,
        t -> {
          // Four run ids of its own, then the four of its neighbour: each id arrives twice.
          for (int j = 0; j < runsPerThread; j++) {
            int owner = j < 4 ? t : (t + 1) % threads;
            String runId = "run-" + (owner * 4 + j % 4);
            UsageOutcome outcome =
                fixture.billing.record(org, Metric.TEST_RUNS, 1, Optional.of(runId));
            byRunId.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(outcome);
          }
          return null;
        });

    assertThat(byRunId).hasSize(threads * 4);
    assertThat(byRunId.values()).allSatisfy(o -> assertThat(o).hasSize(2));
    assertThat(byRunId.values())
        .as("both deliveries of a run id get the same decision")
        .allSatisfy(
            o -> assertThat(o.get(0) instanceof Allowed).isEqualTo(o.get(1) instanceof Allowed));
    List<Allowed> firstDecisions =
        byRunId.values().stream()
            .flatMap(List::stream)
            .filter(o -> o instanceof Allowed a && !a.replayed())
            .map(Allowed.class::cast)
            .toList();
    assertThat(firstDecisions)
        .extracting(Allowed::used)
        .as("each allowed run took its own place in 1..100")
        .containsExactlyInAnyOrderElementsOf(
            IntStream.rangeClosed(1, 100).mapToObj(Long::valueOf).toList());
    assertThat(fixture.billing.overview(org).usage().get(Metric.TEST_RUNS).used()).isEqualTo(100);

    assertThat(fixture.alerts.published())
        .extracting(UsageAlert::threshold)
        .containsExactlyInAnyOrder(50, 80, 90, 100);
    assertThat(fixture.alerts.published())
        .allSatisfy(a -> assertThat(a.used()).isEqualTo(a.threshold()));
    assertThat(firstDecisions.stream().mapToInt(a -> a.newAlerts().size()).sum()).isEqualTo(4);
    assertThat(fixture.billing.overview(org).alerts()).hasSize(4);
  }

  @RepeatedTest(3)
  @DisplayName(
      "16 simultaneous deliveries of one event: one processes it, the others are told to retry"
          + " or that it is a duplicate, and it is applied once")
  void simultaneousDeliveriesOfOneEvent() throws Exception {
    int threads = 16;
    OrganizationId org = Seed.organization(fixture, "org_1");
    BillingEvent event =
        aSubscriptionEvent(Change.CREATED)
            .eventId("evt_once")
            .created(NOW.minusSeconds(60))
            .subscription(team("sub_1", "cus_1", "org_1"))
            .build();

    List<String> answers =
        runTogether(
            threads,
            i -> {
              try {
                EventOutcome outcome = fixture.billing.handle(event, Seed.payload(event));
                return outcome.duplicate() ? "duplicate" : "processed";
              } catch (ConflictException e) {
                return e.code();
              }
            });

    assertThat(answers).filteredOn("processed"::equals).hasSize(1);
    assertThat(answers).isSubsetOf("processed", "duplicate", "event_in_progress");
    assertThat(fixture.organizations.find(org).orElseThrow().version())
        .as("applied by one save")
        .isEqualTo(2);
    assertThat(fixture.webhookLog.find("evt_once").orElseThrow().attempts()).isEqualTo(1);
  }

  @RepeatedTest(3)
  @DisplayName(
      "confirmations on return racing the checkout webhook end in Team with one subscription")
  void confirmationRacingTheWebhook() throws Exception {
    OrganizationId org = Seed.organization(fixture, "org_1");
    CheckoutSessionCreated session =
        fixture.billing.startCheckout(org, PlanId.TEAM, Email.of("ada@example.com"));
    String customer = fixture.provider.customerOf(org).orElseThrow();
    fixture.provider.completeCheckout(
        session.sessionId(), team("sub_1", customer, "org_1").build());
    BillingEvent completed =
        aCheckoutCompletedEvent()
            .eventId("evt_cs")
            .created(NOW.minusSeconds(5))
            .session(session.sessionId())
            .organization("org_1")
            .customer(customer)
            .subscription("sub_1")
            .build();

    runTogether(
        8,
        i -> {
          if (i % 2 == 0) {
            return fixture.billing.confirmCheckout(org, session.sessionId()).plan();
          }
          try {
            fixture.billing.handle(completed, Seed.payload(completed));
          } catch (ConflictException inProgress) {
            // Stripe would retry later; the confirmations carry the state anyway.
          }
          return null;
        });

    assertThat(fixture.billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
    assertThat(fixture.organizations.find(org).orElseThrow().subscriptions())
        .extracting(Subscription::id)
        .containsExactly("sub_1");
    assertThat(fixture.webhookLog.find("evt_cs").orElseThrow().status())
        .isEqualTo(WebhookStatus.PROCESSED);
    assertThat(fixture.billing.metrics().checkoutsConfirmedToday()).isEqualTo(1);
  }

  /** Runs {@code task(i)} for i in 0..n-1 on n threads released by one start gate. */
  private static <T> List<T> runTogether(int n, IndexedTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<T> call =
            () -> {
              ready.countDown();
              go.await();
              return task.run(index);
            };
        futures.add(pool.submit(call));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  /**
   * The in-memory store, with each thread's first save held until every thread has read the
   * organization: the collision the test is about then happens on every run, not by luck.
   */
  private static final class CollidingOrganizations implements Organizations {
    private final InMemoryOrganizations delegate;
    private final CyclicBarrier allHaveRead;
    private final ThreadLocal<Boolean> savedBefore = ThreadLocal.withInitial(() -> false);
    final AtomicInteger conflicts = new AtomicInteger();

    CollidingOrganizations(InMemoryOrganizations delegate, int parties) {
      this.delegate = delegate;
      this.allHaveRead = new CyclicBarrier(parties);
    }

    @Override
    public Organization save(Organization organization) {
      if (!savedBefore.get()) {
        savedBefore.set(true);
        try {
          allHaveRead.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
          // A thread that never saves must not hang the others; the assertions will tell.
        }
      }
      try {
        return delegate.save(organization);
      } catch (ConcurrentUpdateException e) {
        conflicts.incrementAndGet();
        throw e;
      }
    }

    @Override
    public Organization insert(Organization organization) {
      return delegate.insert(organization);
    }

    @Override
    public Optional<Organization> find(OrganizationId id) {
      return delegate.find(id);
    }

    @Override
    public Optional<Organization> findByCustomerId(String customerId) {
      return delegate.findByCustomerId(customerId);
    }

    @Override
    public Optional<Organization> findBySubscriptionId(String subscriptionId) {
      return delegate.findBySubscriptionId(subscriptionId);
    }

    @Override
    public void delete(OrganizationId id) {
      delegate.delete(id);
    }
  }
}

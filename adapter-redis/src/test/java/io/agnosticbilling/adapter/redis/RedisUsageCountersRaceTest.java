package io.agnosticbilling.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.port.in.RecordUsage.Allowed;
import io.agnosticbilling.domain.port.in.RecordUsage.Refused;
import io.agnosticbilling.domain.port.in.RecordUsage.UsageOutcome;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.port.out.UsageCounters;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.usage.UsageAlert;
import io.agnosticbilling.testkit.concurrent.Race;
import io.agnosticbilling.testkit.memory.FakePasswordHasher;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import io.agnosticbilling.testkit.memory.InMemoryBillingReports;
import io.agnosticbilling.testkit.memory.InMemoryCheckoutSessions;
import io.agnosticbilling.testkit.memory.InMemoryMembers;
import io.agnosticbilling.testkit.memory.InMemoryOrganizations;
import io.agnosticbilling.testkit.memory.InMemoryUsageAlerts;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import io.agnosticbilling.testkit.memory.InMemoryWebhookLog;
import io.agnosticbilling.testkit.memory.RecordingAlertPublisher;
import io.agnosticbilling.testkit.payment.FakePaymentProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two server instances (two Billing facades, each with its own Redis client and counters) on one
 * store, 64 test runs at once through the real usage service: the limit and the alerts hold.
 */
class RedisUsageCountersRaceTest {
  private final InMemoryOrganizations organizations = new InMemoryOrganizations();
  private final InMemoryMembers members = new InMemoryMembers();
  private final InMemoryUsageCounters durable = new InMemoryUsageCounters();
  private final InMemoryUsageAlerts alerts = new InMemoryUsageAlerts();
  private final RecordingAlertPublisher published = new RecordingAlertPublisher();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void flush() {
    RedisConnection redis = TestRedis.connect();
    TestRedis.flush(redis);
    redis.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @ParameterizedTest
  @EnumSource(CounterMode.class)
  @DisplayName("Free org at 60 of 100, 64 runs on two instances: exactly 40 pass, each alert once")
  void limitAndAlertsHoldAcrossInstances(CounterMode mode) throws Exception {
    RedisUsageCounters countersA = counters(mode);
    RedisUsageCounters countersB = counters(mode);
    Billing a = billing(countersA);
    Billing b = billing(countersB);
    OrganizationId org =
        a.signUp(new SignUp.Command("ada@example.com", "correct horse", "Acme QA"))
            .organization()
            .id();
    for (int i = 0; i < 60; i++) {
      a.record(org, Metric.TEST_RUNS, 1, Optional.empty());
    }
    published.clear();

    List<UsageOutcome> outcomes =
        Race.all(
            64,
            i -> (i % 2 == 0 ? a : b).record(org, Metric.TEST_RUNS, 1, Optional.of("run-" + i)));

    List<Allowed> allowed =
        outcomes.stream().filter(Allowed.class::isInstance).map(Allowed.class::cast).toList();
    // Every allowed run saw its own count: no count given twice, none skipped.
    assertThat(allowed.stream().mapToLong(Allowed::used).sorted().toArray())
        .containsExactly(LongStream.rangeClosed(61, 100).toArray());
    assertThat(outcomes.stream().filter(Refused.class::isInstance)).hasSize(24);
    // Each threshold crossed in the race was reported by exactly one run and published once.
    assertThat(allowed.stream().flatMap(r -> r.newAlerts().stream()).map(UsageAlert::threshold))
        .containsExactlyInAnyOrder(80, 90, 100);
    assertThat(published.published().stream().map(UsageAlert::threshold))
        .containsExactlyInAnyOrder(80, 90, 100);
    assertThat(allowed.stream().filter(r -> !r.newAlerts().isEmpty()).map(Allowed::used))
        .containsExactlyInAnyOrder(80L, 90L, 100L);
    countersA.close();
    countersB.close();
    // The durable store, read through a facade without Redis, holds every allowed run.
    assertThat(billing(durable).overview(org).usage().get(Metric.TEST_RUNS).used()).isEqualTo(100);
  }

  private RedisUsageCounters counters(CounterMode mode) {
    RedisConnection connection = TestRedis.connect();
    RedisUsageCounters counters =
        new RedisUsageCounters(
            connection.client(),
            TestRedis.OPTIONS.keyPrefix(),
            DurableUsageLedger.over(durable),
            RedisCounterSettings.defaults().withMode(mode).withFlushInterval(Duration.ofMillis(50)),
            FastPathListener.NONE,
            Clock.systemUTC());
    opened.add(counters);
    opened.add(connection);
    return counters;
  }

  private Billing billing(UsageCounters counters) {
    InMemoryWebhookLog webhookLog = new InMemoryWebhookLog();
    InMemoryCheckoutSessions checkoutSessions = new InMemoryCheckoutSessions();
    return Billing.builder()
        .organizations(organizations)
        .members(members)
        .webhookLog(webhookLog)
        .usageCounters(counters)
        .usageAlerts(alerts)
        .checkoutSessions(checkoutSessions)
        .reports(new InMemoryBillingReports(organizations, webhookLog, checkoutSessions))
        .passwordHasher(new FakePasswordHasher())
        .paymentProvider(new FakePaymentProvider())
        .alertPublisher(published)
        .paymentEvents(new FakePaymentEvents())
        .clock(Clock.systemUTC())
        .settings(BillingSettings.defaults())
        .build();
  }
}

package io.agnosticbilling.testkit.notification;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionSnapshot;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.BillingEvent.TrialWillEnd;
import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.notification.OutboxEntry;
import io.agnosticbilling.domain.notification.OutboxStatus;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.usage.UsagePeriod;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.memory.FakePasswordHasher;
import io.agnosticbilling.testkit.memory.InMemoryBillingReports;
import io.agnosticbilling.testkit.memory.InMemoryCheckoutSessions;
import io.agnosticbilling.testkit.memory.InMemoryMembers;
import io.agnosticbilling.testkit.memory.InMemoryOrganizations;
import io.agnosticbilling.testkit.memory.InMemoryUsageAlerts;
import io.agnosticbilling.testkit.memory.InMemoryUsageCounters;
import io.agnosticbilling.testkit.memory.InMemoryWebhookLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which changes write which notifications, with which ids, through the real services. */
class NotificationScenarioTest {
  static final Instant NOW = Instant.parse("2026-11-10T09:00:00Z");
  static final Instant P0 = NOW.plus(Duration.ofHours(1));

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final Billing billing = fixture.billing;
  OrganizationId org;

  @BeforeEach
  void signUp() {
    org =
        billing
            .signUp(new SignUp.Command("ada@example.com", "correct horse", "Acme"))
            .organization()
            .id();
  }

  private List<String> ids() {
    return fixture.outbox.list(Optional.empty(), 0, 200).stream()
        .map(OutboxEntry::id)
        .sorted()
        .toList();
  }

  private Notification only(String id) {
    return fixture.outbox.find(id).orElseThrow().notification();
  }

  @Test
  @DisplayName("usage thresholds write one notification each per period; 100 % is limit reached")
  void usageThresholds() {
    for (int i = 0; i < 100; i++) {
      billing.record(org, Metric.TEST_RUNS, 1, Optional.of("run-" + i));
    }
    billing.record(org, Metric.TEST_RUNS, 1, Optional.of("refused"));
    billing.record(org, Metric.TEST_RUNS, 1, Optional.of("run-99"));

    String period =
        ":"
            + org.value()
            + ":testRuns:"
            + UsagePeriod.calendarMonthOf(NOW).start().getEpochSecond();
    assertThat(ids())
        .containsExactly(
            "usage.limit_reached" + period + ":100",
            "usage.threshold_crossed" + period + ":50",
            "usage.threshold_crossed" + period + ":80",
            "usage.threshold_crossed" + period + ":90");
    Notification limit = only("usage.limit_reached" + period + ":100");
    assertThat(limit.type()).isEqualTo(NotificationType.USAGE_LIMIT_REACHED);
    assertThat(limit.organizationId()).isEqualTo(org);
    assertThat(limit.data().values())
        .containsEntry("metric", "testRuns")
        .containsEntry("threshold", 100L)
        .containsEntry("used", 100L)
        .containsEntry("limit", 100L);
    assertThat(fixture.alerts.published()).hasSize(4);
  }

  @Test
  @DisplayName("a subscription's start, change, failed payment, trial end and cancel notify once")
  void subscriptionLifecycle() {
    fixture.clock.set(P0.plusSeconds(60));
    handle(
        aSubscriptionEvent(Change.CREATED)
            .eventId("evt_incomplete")
            .created(P0)
            .subscription(team().status(SubscriptionStatus.INCOMPLETE))
            .build());
    assertThat(ids()).isEmpty();

    BillingEvent active =
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_active")
            .created(P0.plusSeconds(1))
            .subscription(team().status(SubscriptionStatus.TRIALING))
            .build();
    handle(active);
    handle(active);
    assertThat(ids()).containsExactly("subscription.started:sub_1");
    assertThat(only("subscription.started:sub_1").data().values())
        .containsEntry("plan", "team")
        .containsEntry("status", "trialing")
        .containsEntry("previousStatus", "incomplete");

    TrialWillEnd trial =
        new TrialWillEnd(
            anEventHeader()
                .id("evt_trial")
                .type("customer.subscription.trial_will_end")
                .created(P0.plusSeconds(2))
                .build(),
            team()
                .status(SubscriptionStatus.TRIALING)
                .trialEnd(P0.plus(Duration.ofDays(3)))
                .build());
    assertThat(handle(trial).status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(handle(trial).duplicate()).isTrue();
    assertThat(only("trial.ending:evt_trial").data().values())
        .containsEntry("subscriptionId", "sub_1")
        .containsEntry("trialEnd", P0.plus(Duration.ofDays(3)).toString());

    handle(
        aSubscriptionEvent(Change.UPDATED)
            .eventId("evt_cancel_at_end")
            .created(P0.plusSeconds(3))
            .subscription(team().cancelAtPeriodEnd(true))
            .build());
    assertThat(only("subscription.changed:sub_1:evt_cancel_at_end").data().values())
        .containsEntry("status", "active")
        .containsEntry("previousStatus", "trialing")
        .containsEntry("cancelAtPeriodEnd", true);

    handle(
        anInvoiceEvent()
            .failed()
            .eventId("evt_failed")
            .created(P0.plusSeconds(4))
            .customer("cus_1")
            .subscription("sub_1")
            .organization(org.value())
            .amount(9900, "usd")
            .attemptCount(2)
            .build());
    assertThat(only("payment.failed:evt_failed").data().values())
        .containsEntry("amountMinor", 9900L)
        .containsEntry("currency", "usd")
        .containsEntry("attemptCount", 2L);

    handle(
        aSubscriptionEvent(Change.DELETED)
            .eventId("evt_deleted")
            .created(P0.plusSeconds(5))
            .subscription(team().status(SubscriptionStatus.CANCELED).canceledAt(P0.plusSeconds(5)))
            .build());
    assertThat(ids())
        .containsExactly(
            "payment.failed:evt_failed",
            "subscription.canceled:sub_1",
            "subscription.changed:sub_1:evt_cancel_at_end",
            "subscription.started:sub_1",
            "trial.ending:evt_trial");
    assertThat(fixture.outbox.counts()).containsEntry(OutboxStatus.PENDING, 5L);
  }

  @Test
  @DisplayName("a stale payment failure (a newer payment is recorded) notifies nothing")
  void stalePaymentFailureIsQuiet() {
    fixture.clock.set(P0.plusSeconds(60));
    handle(
        anInvoiceEvent()
            .paid()
            .eventId("evt_paid")
            .created(P0.plusSeconds(10))
            .customer("cus_1")
            .subscription("sub_1")
            .organization(org.value())
            .build());
    handle(
        anInvoiceEvent()
            .failed()
            .eventId("evt_old_failure")
            .created(P0)
            .customer("cus_1")
            .subscription("sub_1")
            .organization(org.value())
            .build());

    assertThat(ids()).isEmpty();
  }

  @Test
  @DisplayName("without an outbox configured nothing is notified and ports need no outbox")
  void notificationsOff() {
    Billing quiet =
        Billing.builder()
            .organizations(new NoOutboxOrganizations(new InMemoryOrganizations()))
            .members(new InMemoryMembers())
            .webhookLog(new InMemoryWebhookLog())
            .usageCounters(new InMemoryUsageCounters())
            .usageAlerts(new InMemoryUsageAlerts())
            .checkoutSessions(new InMemoryCheckoutSessions())
            .reports(
                new InMemoryBillingReports(
                    new InMemoryOrganizations(),
                    new InMemoryWebhookLog(),
                    new InMemoryCheckoutSessions()))
            .passwordHasher(new FakePasswordHasher())
            .build();
    OrganizationId quietOrg =
        quiet
            .signUp(new SignUp.Command("bo@example.com", "correct horse", "B"))
            .organization()
            .id();

    for (int i = 0; i < 60; i++) {
      quiet.record(quietOrg, Metric.TEST_RUNS, 1, Optional.of("r" + i));
    }

    assertThat(quiet.notifications(Optional.empty(), 0, 10)).isEmpty();
    assertThat(quiet.notificationCounts()).containsEntry(OutboxStatus.PENDING, 0L);
  }

  private SubscriptionSnapshotBuilder team() {
    return aSubscriptionSnapshot()
        .id("sub_1")
        .customer("cus_1")
        .organization(org.value())
        .status(SubscriptionStatus.ACTIVE)
        .price(InMemoryBilling.TEAM_PRICE)
        .period(P0, P0.plus(Duration.ofDays(30)))
        .startedAt(P0);
  }

  private EventOutcome handle(BillingEvent event) {
    return billing.handle(event, "{\"id\":\"" + event.header().id() + "\"}");
  }
}

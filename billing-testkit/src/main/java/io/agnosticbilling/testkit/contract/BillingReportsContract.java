package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.BillingReports;
import io.agnosticbilling.domain.port.out.BillingReports.CheckoutCounts;
import io.agnosticbilling.domain.port.out.BillingReports.StatsWindow;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.CheckoutSessions.CheckoutRecord;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.port.out.SubscriptionStats.Group;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStats;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.builder.SubscriptionBuilder;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link BillingReports} adapter must do. Extend it in the adapter's tests:
 * {@link #newStore()} opens an EMPTY store and answers its write ports (to seed data) with the
 * reports over the same data.
 */
public abstract class BillingReportsContract {
  private static final Instant NOW = T0.plus(Duration.ofDays(40)).plus(Duration.ofHours(15));
  private static final Instant DAY_START = T0.plus(Duration.ofDays(40));
  private static final Instant CHURN_START = DAY_START.minus(Duration.ofDays(30));
  private static final Instant GRACE_CUTOFF = NOW.minus(Duration.ofDays(7));
  private static final StatsWindow WINDOW =
      new StatsWindow(NOW, DAY_START, CHURN_START, GRACE_CUTOFF);

  private static final Duration WEBHOOK_LEASE = Duration.ofSeconds(60);
  private static final Instant WEBHOOK_NOW = T0.plus(Duration.ofHours(30));

  /** The write ports the tests seed through, and the reports over the same data. */
  public record Store(
      Organizations organizations,
      WebhookLog webhookLog,
      CheckoutSessions checkoutSessions,
      BillingReports reports) {}

  protected Organizations organizations;
  protected WebhookLog log;
  protected CheckoutSessions checkoutSessions;
  protected BillingReports reports;

  /** An EMPTY store, called once before each test. */
  protected abstract Store newStore();

  @BeforeEach
  void freshStore() {
    Store store = newStore();
    organizations = store.organizations();
    log = store.webhookLog();
    checkoutSessions = store.checkoutSessions();
    reports = store.reports();
  }

  @Test
  @DisplayName("stats of an empty store are all zero")
  void statsOfEmptyStore() {
    assertThat(reports.subscriptionStats(WINDOW))
        .isEqualTo(new SubscriptionStats(0, List.of(), 0, 0, 0));
  }

  @Test
  @DisplayName("stats count every organization and group those with a subscription by state")
  void statsGroupByState() {
    insertWith("org_free");
    insertWith("org_t1", live());
    insertWith("org_t2", live());
    insertWith("org_t3", live().cancelAtPeriodEnd(true));
    insertWith("org_e", live().plan(PlanId.ENTERPRISE));
    insertWith("org_pd", live().status(SubscriptionStatus.PAST_DUE));

    SubscriptionStats stats = reports.subscriptionStats(WINDOW);

    assertThat(stats.totalOrganizations()).isEqualTo(6);
    assertThat(stats.groups())
        .containsExactlyInAnyOrder(
            group(SubscriptionStatus.ACTIVE, PlanId.TEAM, false, 2),
            group(SubscriptionStatus.ACTIVE, PlanId.TEAM, true, 1),
            group(SubscriptionStatus.ACTIVE, PlanId.ENTERPRISE, false, 1),
            group(SubscriptionStatus.PAST_DUE, PlanId.TEAM, false, 1));
  }

  @Test
  @DisplayName("stats group by the current subscription: a live one beats a newer terminal one")
  void statsUseCurrentSubscription() {
    insertWith(
        "org_resubscribed",
        live().id("sub_live").startedAt(CHURN_START),
        live()
            .id("sub_dead")
            .plan(PlanId.ENTERPRISE)
            .status(SubscriptionStatus.CANCELED)
            .startedAt(DAY_START));
    insertWith(
        "org_churned",
        live().id("sub_c1").status(SubscriptionStatus.CANCELED).startedAt(CHURN_START),
        live()
            .id("sub_c2")
            .status(SubscriptionStatus.CANCELED)
            .plan(PlanId.ENTERPRISE)
            .startedAt(DAY_START));

    assertThat(reports.subscriptionStats(WINDOW).groups())
        .containsExactlyInAnyOrder(
            group(SubscriptionStatus.ACTIVE, PlanId.TEAM, false, 1),
            group(SubscriptionStatus.CANCELED, PlanId.ENTERPRISE, false, 1));
  }

  @Test
  @DisplayName("a period longer than 180 days is grouped as yearly; a month's is not")
  void statsYearlyPeriods() {
    insertWith(
        "org_monthly", live().period(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(29))));
    insertWith(
        "org_yearly", live().period(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(364))));
    insertWith(
        "org_half_year",
        live()
            .period(
                NOW.minus(Duration.ofDays(1)),
                NOW.minus(Duration.ofDays(1)).plus(Duration.ofDays(180))));

    assertThat(reports.subscriptionStats(WINDOW).groups())
        .containsExactlyInAnyOrder(
            new Group(SubscriptionStatus.ACTIVE, PlanId.TEAM, false, false, true, false, 2),
            new Group(SubscriptionStatus.ACTIVE, PlanId.TEAM, false, false, true, true, 1));
  }

  @Test
  @DisplayName("a period that ends exactly now counts as ended; one ending later does not")
  void statsPeriodEndedBoundary() {
    insertWith("org_ends_now", live().period(NOW.minus(Duration.ofDays(1)), NOW));
    insertWith("org_ends_later", live().period(NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(1)));

    assertThat(reports.subscriptionStats(WINDOW).groups())
        .containsExactlyInAnyOrder(
            new Group(SubscriptionStatus.ACTIVE, PlanId.TEAM, false, true, true, 1),
            new Group(SubscriptionStatus.ACTIVE, PlanId.TEAM, false, false, true, 1));
  }

  @Test
  @DisplayName("within grace means the period started after the cut-off, not at it")
  void statsGraceBoundary() {
    Instant end = NOW.plus(Duration.ofDays(20));
    insertWith(
        "org_at_cutoff", live().status(SubscriptionStatus.PAST_DUE).period(GRACE_CUTOFF, end));
    insertWith(
        "org_after_cutoff",
        live().status(SubscriptionStatus.PAST_DUE).period(GRACE_CUTOFF.plusSeconds(1), end));

    assertThat(reports.subscriptionStats(WINDOW).groups())
        .containsExactlyInAnyOrder(
            new Group(SubscriptionStatus.PAST_DUE, PlanId.TEAM, false, false, false, 1),
            new Group(SubscriptionStatus.PAST_DUE, PlanId.TEAM, false, false, true, 1));
  }

  @Test
  @DisplayName("within grace counts from entering past_due when it is known, not the period start")
  void statsGraceCountsFromEnteringPastDue() {
    Instant start = GRACE_CUTOFF.minus(Duration.ofDays(10));
    Instant end = NOW.plus(Duration.ofDays(20));
    insertWith(
        "org_entered_after_cutoff",
        live()
            .status(SubscriptionStatus.PAST_DUE)
            .period(start, end)
            .pastDueSince(GRACE_CUTOFF.plusSeconds(1)));
    insertWith(
        "org_entered_at_cutoff",
        live().status(SubscriptionStatus.PAST_DUE).period(start, end).pastDueSince(GRACE_CUTOFF));

    assertThat(reports.subscriptionStats(WINDOW).groups())
        .containsExactlyInAnyOrder(
            new Group(SubscriptionStatus.PAST_DUE, PlanId.TEAM, false, false, false, 1),
            new Group(SubscriptionStatus.PAST_DUE, PlanId.TEAM, false, false, true, 1));
  }

  @Test
  @DisplayName("startedToday counts subscriptions started at or after the day start")
  void statsStartedToday() {
    insertWith("org_a", live().id("sub_a").startedAt(DAY_START));
    insertWith("org_b", live().id("sub_b").startedAt(NOW));
    insertWith("org_c", live().id("sub_c").startedAt(DAY_START.minusSeconds(1)));

    assertThat(reports.subscriptionStats(WINDOW).startedToday()).isEqualTo(2);
  }

  @Test
  @DisplayName("canceledInWindow counts every subscription canceled at or after the window start")
  void statsCanceledInWindow() {
    insertWith("org_a", canceled("sub_a", CHURN_START));
    insertWith("org_b", canceled("sub_b", NOW), live().id("sub_b2").startedAt(NOW));
    insertWith("org_c", canceled("sub_c", CHURN_START.minusSeconds(1)));

    assertThat(reports.subscriptionStats(WINDOW).canceledInWindow()).isEqualTo(2);
  }

  @Test
  @DisplayName("paidAtWindowStart: started before, not canceled before, not incomplete")
  void statsPaidAtWindowStart() {
    Instant before = CHURN_START.minus(Duration.ofDays(10));
    insertWith("org_paid", live().id("sub_1").startedAt(before));
    insertWith("org_churned_in_window", canceled("sub_2", CHURN_START).startedAt(before));
    insertWith(
        "org_churned_before", canceled("sub_3", CHURN_START.minusSeconds(1)).startedAt(before));
    insertWith("org_started_at_start", live().id("sub_4").startedAt(CHURN_START));
    insertWith(
        "org_incomplete",
        live().id("sub_5").status(SubscriptionStatus.INCOMPLETE).startedAt(before));
    insertWith(
        "org_expired",
        live().id("sub_6").status(SubscriptionStatus.INCOMPLETE_EXPIRED).startedAt(before));
    insertWith(
        "org_past_due", live().id("sub_7").status(SubscriptionStatus.PAST_DUE).startedAt(before));

    assertThat(reports.subscriptionStats(WINDOW).paidAtWindowStart()).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "webhook stats count received, failed, livemode mismatches, and types received and"
          + " processed since the bounds")
  void webhookStats() {
    Instant dayStart = WEBHOOK_NOW.minus(Duration.ofHours(10));
    Instant hourAgo = WEBHOOK_NOW.minus(Duration.ofHours(1));
    claimAndFinish("evt_yesterday", WebhookStatus.ERROR, dayStart.minusSeconds(1));
    claimAndFinish("evt_day_start", WebhookStatus.ERROR, dayStart, "invoice.paid");
    claimAndFinish("evt_morning", WebhookStatus.PROCESSED, dayStart.plusSeconds(60));
    claimAndFinish("evt_hour_ago", WebhookStatus.STALE, hourAgo);
    log.claim(event("evt_now", "invoice.paid"), WEBHOOK_NOW, WEBHOOK_LEASE);
    log.claim(event("evt_mismatch"), hourAgo.plusSeconds(1), WEBHOOK_LEASE);
    log.finish(
        "evt_mismatch",
        1,
        WebhookStatus.IGNORED,
        Optional.empty(),
        Optional.of(WebhookLog.LIVEMODE_MISMATCH),
        Optional.empty(),
        hourAgo.plusSeconds(1));
    claimAndFinish("evt_other_ignored", WebhookStatus.IGNORED, hourAgo.plusSeconds(2));

    WebhookStats stats = reports.webhookStats(hourAgo, dayStart);

    assertThat(stats)
        .isEqualTo(
            new WebhookStats(
                4,
                6,
                1,
                1,
                Map.of("invoice.paid", 2L, "customer.subscription.updated", 4L),
                Map.of("customer.subscription.updated", 1L)));
  }

  @Test
  @DisplayName("webhook stats of an empty log are zero")
  void webhookStatsOfEmptyLog() {
    assertThat(
            reports.webhookStats(
                WEBHOOK_NOW.minus(Duration.ofHours(1)), WEBHOOK_NOW.minus(Duration.ofHours(5))))
        .isEqualTo(new WebhookStats(0, 0, 0, 0, Map.of(), Map.of()));
  }

  @Test
  @DisplayName("checkout counts take sessions created, and confirmed, at or after the instant")
  void checkoutCounts() {
    Instant since = T0.plusSeconds(3600);
    checkoutSessions.created(created("cs_before", since.minusSeconds(1)));
    checkoutSessions.created(created("cs_at", since));
    checkoutSessions.created(created("cs_after", since.plusSeconds(1)));
    checkoutSessions.created(created("cs_unconfirmed", since.plusSeconds(2)));
    checkoutSessions.confirmed("cs_before", since.minusSeconds(1));
    checkoutSessions.confirmed("cs_at", since);
    checkoutSessions.confirmed("cs_after", since.plusSeconds(60));

    assertThat(reports.checkoutCounts(since)).isEqualTo(new CheckoutCounts(3, 2));
  }

  @Test
  @DisplayName("a session created before the instant but confirmed after it counts as confirmed")
  void confirmedLaterCounts() {
    Instant since = T0.plusSeconds(3600);
    checkoutSessions.created(created("cs_old", since.minusSeconds(600)));
    checkoutSessions.confirmed("cs_old", since.plusSeconds(1));

    assertThat(reports.checkoutCounts(since)).isEqualTo(new CheckoutCounts(0, 1));
  }

  @Test
  @DisplayName("16 concurrent confirmations of one session count one confirmation")
  void concurrentConfirmationsCountOnce() {
    checkoutSessions.created(created("cs_1", T0));

    Race.run(16, i -> checkoutSessions.confirmed("cs_1", T0.plusSeconds(10 + i)));

    assertThat(reports.checkoutCounts(T0)).isEqualTo(new CheckoutCounts(1, 1));
  }

  private SubscriptionBuilder live() {
    return aSubscription().period(NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(27)));
  }

  private SubscriptionBuilder canceled(String id, Instant at) {
    return live().id(id).status(SubscriptionStatus.CANCELED).canceledAt(at);
  }

  private void insertWith(String id, SubscriptionBuilder... subscriptions) {
    var org = anOrganization().id(id);
    for (SubscriptionBuilder s : subscriptions) {
      org.subscription(s.customer("cus_" + id));
    }
    organizations.insert(org.build());
  }

  /** A group whose period is running and started within grace, as {@link #live()} makes it. */
  private static Group group(SubscriptionStatus status, PlanId plan, boolean cancel, long count) {
    return new Group(status, plan, cancel, false, true, count);
  }

  private static CheckoutRecord created(String sessionId, Instant at) {
    return new CheckoutRecord(
        sessionId, OrganizationId.of("org_1"), PlanId.TEAM, at, Optional.empty());
  }

  private static IncomingEvent event(String id) {
    return WebhookLogSeed.event(id, WebhookLogSeed.DEFAULT_TYPE);
  }

  private static IncomingEvent event(String id, String type) {
    return WebhookLogSeed.event(id, type);
  }

  private void claimAndFinish(String id, WebhookStatus status, Instant at) {
    claimAndFinish(id, status, at, WebhookLogSeed.DEFAULT_TYPE);
  }

  private void claimAndFinish(String id, WebhookStatus status, Instant at, String type) {
    WebhookLogSeed.claimAndFinish(log, WEBHOOK_LEASE, id, status, at, type);
  }
}

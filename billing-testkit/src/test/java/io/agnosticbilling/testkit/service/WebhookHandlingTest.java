package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aCheckoutCompletedEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.anEventHeader;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.out.WebhookLog;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.Claim;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookLogEntry;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HandleBillingEvent, ReplayWebhook and ListWebhookEvents over the real services. */
class WebhookHandlingTest {
  static final Instant T = NOW.minusSeconds(30);
  // The design promises 60 s; pinned here so a changed default is noticed.
  static final Duration LEASE = Duration.ofSeconds(60);

  final FakePaymentEvents paymentEvents = new FakePaymentEvents();
  final InMemoryBilling fixture =
      new InMemoryBilling(NOW, BillingSettings.defaults(), paymentEvents);
  final Billing billing = fixture.billing;

  @Test
  @DisplayName("a duplicate of a finished event is answered as a duplicate and changes nothing")
  void duplicateOfFinishedEvent() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    assertThat(handle(subscriptionEvent("evt_1", T, team("sub_1", "cus_1", "org_1"))).status())
        .isEqualTo(WebhookStatus.PROCESSED);
    Organization before = organization(org);

    // Stripe redelivers the id; even a different body must not be applied a second time.
    EventOutcome again =
        handle(
            subscriptionEvent(
                "evt_1",
                T.plusSeconds(5),
                team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.CANCELED)));

    assertThat(again.duplicate()).isTrue();
    assertThat(again.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(organization(org)).isEqualTo(before);
    assertThat(entry("evt_1").attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an event naming an unknown price is logged as error with message and attempts,"
          + " and the provider's retry succeeds once the price is configured")
  void unknownPriceIsAnErrorUntilConfigured() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    BillingEvent event =
        subscriptionEvent("evt_new_price", T, team("sub_1", "cus_1", "org_1").price("price_2026"));

    assertThatThrownBy(() -> handle(event))
        .isInstanceOf(EventProcessingException.class)
        .hasMessageContaining("unknown price price_2026");
    assertThat(entry("evt_new_price").status()).isEqualTo(WebhookStatus.ERROR);
    assertThat(entry("evt_new_price").error())
        .hasValueSatisfying(m -> assertThat(m).contains("unknown price price_2026"));
    assertThat(entry("evt_new_price").attempts()).isEqualTo(1);
    assertThat(organization(org).subscriptions()).as("never a silent downgrade").isEmpty();

    assertThatThrownBy(() -> handle(event)).isInstanceOf(EventProcessingException.class);
    assertThat(entry("evt_new_price").attempts()).as("an error may be claimed again").isEqualTo(2);

    Billing redeployed =
        Seed.anotherInstance(
            fixture,
            fixture.organizations,
            fixture.provider,
            Seed.catalogSelling("price_2026", InMemoryBilling.ENTERPRISE_PRICE));
    EventOutcome retried = redeployed.handle(event, Seed.payload(event));

    assertThat(retried.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(retried.duplicate()).isFalse();
    assertThat(entry("evt_new_price").attempts()).isEqualTo(3);
    assertThat(organization(org).subscription("sub_1"))
        .map(Subscription::plan)
        .contains(PlanId.TEAM);
  }

  @Test
  @DisplayName(
      "a provider failure while settling a same-second tie fails the event, and the retry"
          + " applies the provider's state")
  void fetchFailureOnTieIsRetried() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    handle(subscriptionEvent("evt_active", T, team("sub_1", "cus_1", "org_1")));
    fixture.provider.putSubscription(
        team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.PAST_DUE).build());
    BillingEvent tie =
        subscriptionEvent(
            "evt_past_due", T, team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.PAST_DUE));
    fixture.provider.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.UNREACHABLE, "timed out"));

    assertThatThrownBy(() -> handle(tie))
        .isInstanceOf(EventProcessingException.class)
        .hasMessageContaining("timed out");
    assertThat(entry("evt_past_due").status()).isEqualTo(WebhookStatus.ERROR);
    assertThat(entry("evt_past_due").error())
        .hasValueSatisfying(m -> assertThat(m).contains("timed out"));
    assertThat(status(org)).isEqualTo(SubscriptionStatus.ACTIVE);

    EventOutcome retried = handle(tie);

    assertThat(retried.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(entry("evt_past_due").attempts()).isEqualTo(2);
    assertThat(entry("evt_past_due").error()).isEmpty();
    assertThat(status(org)).isEqualTo(SubscriptionStatus.PAST_DUE);
  }

  @Test
  @DisplayName("a fresh processing claim of another instance is a conflict and changes nothing")
  void freshClaimIsInProgress() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    BillingEvent event = subscriptionEvent("evt_1", T, team("sub_1", "cus_1", "org_1"));
    claimByAnotherInstance(event, NOW);
    fixture.clock.set(NOW.plus(LEASE).minusSeconds(1));

    assertThatThrownBy(() -> handle(event))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.code()).isEqualTo("event_in_progress"));
    assertThat(entry("evt_1").status()).isEqualTo(WebhookStatus.PROCESSING);
    assertThat(entry("evt_1").attempts()).isEqualTo(1);
    assertThat(organization(org).subscriptions()).isEmpty();
  }

  @Test
  @DisplayName("a processing claim as old as the lease (60 s) is taken over and processed")
  void expiredClaimIsTakenOver() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    BillingEvent event = subscriptionEvent("evt_1", T, team("sub_1", "cus_1", "org_1"));
    claimByAnotherInstance(event, NOW);
    fixture.clock.set(NOW.plus(LEASE));

    EventOutcome outcome = handle(event);

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(outcome.duplicate()).isFalse();
    assertThat(entry("evt_1").attempts()).isEqualTo(2);
    assertThat(status(org)).isEqualTo(SubscriptionStatus.ACTIVE);
  }

  private void claimByAnotherInstance(BillingEvent event, Instant at) {
    Claim claim =
        fixture.webhookLog.claim(new IncomingEvent(event.header(), payloadOf(event)), at, LEASE);
    assertThat(claim).isInstanceOf(Claim.Claimed.class);
  }

  @Test
  @DisplayName(
      "a test-mode event under a live key is ignored as livemode_mismatch, counted, and"
          + " changes nothing")
  void livemodeMismatch() {
    fixture.provider.livemode(true);
    OrganizationId org = Seed.organization(fixture, "org_1");

    EventOutcome outcome =
        handle(subscriptionEvent("evt_test", T, team("sub_1", "cus_1", "org_1")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.IGNORED);
    assertThat(outcome.detail()).contains(WebhookLog.LIVEMODE_MISMATCH);
    assertThat(organization(org).subscriptions()).isEmpty();
    assertThat(billing.metrics().livemodeMismatchesToday()).isEqualTo(1);

    BillingEvent live =
        aSubscriptionEvent(Change.CREATED)
            .eventId("evt_live")
            .created(T)
            .livemode(true)
            .subscription(team("sub_1", "cus_1", "org_1"))
            .build();
    assertThat(handle(live).status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(billing.metrics().livemodeMismatchesToday()).isEqualTo(1);
  }

  @Test
  @DisplayName("an event whose metadata names no stored organization is ignored")
  void unknownOrganizationByMetadata() {
    OrganizationId other = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");

    EventOutcome outcome =
        handle(subscriptionEvent("evt_1", T, team("sub_1", "cus_9", "org_gone")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.IGNORED);
    assertThat(outcome.detail()).hasValueSatisfying(d -> assertThat(d).contains("sub_1"));
    assertThat(entry("evt_1").organizationId()).isEmpty();
    assertThat(fixture.organizations.find(OrganizationId.of("org_gone"))).isEmpty();
    assertThat(organization(other).subscriptions()).isEmpty();
  }

  @Test
  @DisplayName("an event without metadata for a customer that is not ours is ignored")
  void unknownCustomer() {
    OrganizationId other = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");

    EventOutcome outcome =
        handle(
            subscriptionEvent(
                "evt_1", T, team("sub_1", "cus_stranger", "x").withoutOrganization()));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.IGNORED);
    assertThat(organization(other).subscriptions()).isEmpty();
  }

  @Test
  @DisplayName("metadata.organizationId decides the organization, which is linked to the customer")
  void resolvedByMetadata() {
    OrganizationId first = Seed.organization(fixture, "org_1");
    OrganizationId second = Seed.organization(fixture, "org_2");

    EventOutcome outcome = handle(subscriptionEvent("evt_1", T, team("sub_1", "cus_2", "org_2")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(entry("evt_1").organizationId()).contains(second);
    assertThat(organization(second).subscription("sub_1")).isPresent();
    assertThat(organization(second).customerId()).contains("cus_2");
    assertThat(organization(first).subscriptions()).isEmpty();
  }

  @Test
  @DisplayName("without metadata, the organization holding the customer id gets the subscription")
  void resolvedByStoredCustomer() {
    OrganizationId first = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");
    OrganizationId second = Seed.organizationWithCustomer(fixture, "org_2", "cus_2");

    EventOutcome outcome =
        handle(subscriptionEvent("evt_1", T, team("sub_1", "cus_2", "x").withoutOrganization()));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(organization(second).subscription("sub_1")).isPresent();
    assertThat(organization(first).subscriptions()).isEmpty();
  }

  @Test
  @DisplayName(
      "a completed Checkout session links its customer and fetched subscription to the"
          + " organization of its client reference")
  void resolvedByCheckoutClientReference() {
    Seed.organization(fixture, "org_1");
    OrganizationId buyer = Seed.organization(fixture, "org_2");
    fixture.provider.putSubscription(team("sub_7", "cus_7", "x").withoutOrganization().build());

    EventOutcome outcome =
        handle(
            aCheckoutCompletedEvent()
                .eventId("evt_cs")
                .created(T)
                .session("cs_7")
                .organization("org_2")
                .customer("cus_7")
                .subscription("sub_7")
                .build());

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(outcome.detail())
        .hasValueSatisfying(d -> assertThat(d).startsWith("checkout linked"));
    assertThat(organization(buyer).customerId()).contains("cus_7");
    assertThat(organization(buyer).subscription("sub_7"))
        .map(Subscription::status)
        .contains(SubscriptionStatus.ACTIVE);
    assertThat(billing.overview(buyer).plan()).isEqualTo(PlanId.TEAM);
  }

  @Test
  @DisplayName("an event type the product does not handle is ignored with its type as detail")
  void unhandledType() {
    EventOutcome outcome =
        handle(
            new BillingEvent.Unhandled(
                anEventHeader().id("evt_c").type("customer.created").created(T).build()));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.IGNORED);
    assertThat(outcome.detail())
        .hasValueSatisfying(d -> assertThat(d).contains("customer.created"));
  }

  @Test
  @DisplayName("a same-second snapshot with other content is settled by the provider's state")
  void tieWithOtherContentIsFetched() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    handle(subscriptionEvent("evt_a", T, team("sub_1", "cus_1", "org_1")));
    // The provider has moved on to a state neither event carries: that state must win.
    fixture.provider.putSubscription(
        team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.UNPAID).build());

    EventOutcome outcome =
        handle(
            subscriptionEvent(
                "evt_b", T, team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.PAST_DUE)));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(fixture.provider.calls("fetchSubscription")).hasSize(1);
    assertThat(status(org)).isEqualTo(SubscriptionStatus.UNPAID);
  }

  @Test
  @DisplayName("a same-second snapshot with the same content changes nothing and costs no fetch")
  void tieWithSameContentIsNotFetched() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    handle(subscriptionEvent("evt_a", T, team("sub_1", "cus_1", "org_1")));
    Organization before = organization(org);

    EventOutcome outcome = handle(subscriptionEvent("evt_b", T, team("sub_1", "cus_1", "org_1")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(outcome.duplicate()).isFalse();
    assertThat(fixture.provider.calls("fetchSubscription")).isEmpty();
    assertThat(organization(org)).isEqualTo(before);
  }

  @Test
  @DisplayName("replaying an event in error processes it")
  void replayOfError() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    fixture.provider.putSubscription(team("sub_1", "cus_1", "org_1").build());
    BillingEvent completed =
        aCheckoutCompletedEvent().eventId("evt_cs").created(T).organization("org_1").build();
    fixture.provider.failNext(
        new PaymentProviderException(PaymentProviderException.Kind.RATE_LIMITED, "slow down"));
    assertThatThrownBy(() -> handle(completed)).isInstanceOf(EventProcessingException.class);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.FREE);

    EventOutcome replayed = billing.replay("evt_cs");

    assertThat(replayed.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(entry("evt_cs").status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(entry("evt_cs").attempts()).isEqualTo(2);
    assertThat(billing.overview(org).plan()).isEqualTo(PlanId.TEAM);
  }

  @Test
  @DisplayName("replaying a processed or ignored event is refused as event_not_replayable")
  void replayOfFinished() {
    OrganizationId org = Seed.organization(fixture, "org_1");
    handle(subscriptionEvent("evt_ok", T, team("sub_1", "cus_1", "org_1")));
    handle(
        new BillingEvent.Unhandled(
            anEventHeader().id("evt_ignored").type("customer.created").build()));
    Organization before = organization(org);

    for (String id : new String[] {"evt_ok", "evt_ignored"}) {
      assertThatThrownBy(() -> billing.replay(id))
          .isInstanceOfSatisfying(
              ConflictException.class, e -> assertThat(e.code()).isEqualTo("event_not_replayable"));
      assertThat(entry(id).attempts()).isEqualTo(1);
    }
    assertThat(organization(org)).isEqualTo(before);
  }

  @Test
  @DisplayName("replaying an id that was never logged is not found")
  void replayOfUnknown() {
    assertThatThrownBy(() -> billing.replay("evt_never"))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).isEqualTo("event_not_found"));
  }

  @Test
  @DisplayName("replaying an event whose stored payload cannot be parsed fails clearly")
  void replayOfUnreadablePayload() {
    Seed.organization(fixture, "org_1");
    BillingEvent event =
        subscriptionEvent("evt_bad", T, team("sub_1", "cus_1", "org_1").price("price_gone"));
    assertThatThrownBy(() -> billing.handle(event, "{\"not\":\"handed out\"}"))
        .isInstanceOf(EventProcessingException.class);

    assertThatThrownBy(() -> billing.replay("evt_bad"))
        .isInstanceOf(EventProcessingException.class)
        .hasMessageContaining("cannot be read");
    assertThat(entry("evt_bad").status()).isEqualTo(WebhookStatus.ERROR);
    assertThat(entry("evt_bad").attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an event the provider adapter could not read fails in the log with its reason (naming the"
          + " API version), so the provider retries and an operator can replay it")
  void unreadableEventFailsInTheLog() {
    BillingEvent unreadable =
        new BillingEvent.Unreadable(
            anEventHeader().id("evt_old").type("customer.subscription.updated").build(),
            "Stripe API version 2019-01-01: subscription sub_1: 'items.data' is missing");

    assertThatThrownBy(() -> handle(unreadable))
        .isInstanceOf(EventProcessingException.class)
        .hasMessageContaining("2019-01-01");
    assertThat(entry("evt_old").status()).isEqualTo(WebhookStatus.ERROR);
    assertThat(entry("evt_old").error())
        .hasValueSatisfying(e -> assertThat(e).contains("2019-01-01"));
    assertThatThrownBy(() -> billing.replay("evt_old"))
        .isInstanceOf(EventProcessingException.class);
    assertThat(entry("evt_old").attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("entries are listed newest first, filtered by status and paged")
  void listFilterAndPage() {
    Seed.organization(fixture, "org_1");
    handle(subscriptionEvent("evt_ok", T, team("sub_1", "cus_1", "org_1")));
    fixture.clock.advance(Duration.ofSeconds(1));
    handle(new BillingEvent.Unhandled(anEventHeader().id("evt_ign").type("plan.created").build()));
    fixture.clock.advance(Duration.ofSeconds(1));
    BillingEvent failing =
        subscriptionEvent("evt_err", T, team("sub_2", "cus_1", "org_1").price("price_gone"));
    assertThatThrownBy(() -> handle(failing)).isInstanceOf(EventProcessingException.class);
    fixture.clock.advance(Duration.ofSeconds(1));
    handle(
        subscriptionEvent(
            "evt_stale",
            T.minusSeconds(60),
            team("sub_1", "cus_1", "org_1").status(SubscriptionStatus.INCOMPLETE)));

    assertThat(ids(billing.webhookEvents(Optional.empty(), 0, 200)))
        .containsExactly("evt_stale", "evt_err", "evt_ign", "evt_ok");
    assertThat(ids(billing.webhookEvents(Optional.of(WebhookStatus.ERROR), 0, 200)))
        .containsExactly("evt_err");
    assertThat(ids(billing.webhookEvents(Optional.of(WebhookStatus.STALE), 0, 200)))
        .containsExactly("evt_stale");
    assertThat(ids(billing.webhookEvents(Optional.of(WebhookStatus.PROCESSING), 0, 200))).isEmpty();
    assertThat(ids(billing.webhookEvents(Optional.empty(), 1, 2)))
        .containsExactly("evt_err", "evt_ign");
    assertThat(ids(billing.webhookEvents(Optional.empty(), 1, 1))).containsExactly("evt_err");
  }

  @ParameterizedTest(name = "offset {0}, limit {1} is refused")
  @CsvSource({"0, 0", "0, 201", "0, -1", "-1, 10"})
  @DisplayName("paging outside offset >= 0 and limit 1..200 is refused")
  void pagingBounds(int offset, int limit) {
    assertThatThrownBy(() -> billing.webhookEvents(Optional.empty(), offset, limit))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  @DisplayName("limits 1 and 200 are accepted")
  void pagingBoundsAccepted() {
    handle(new BillingEvent.Unhandled(anEventHeader().id("evt_1").type("plan.created").build()));
    handle(new BillingEvent.Unhandled(anEventHeader().id("evt_2").type("plan.created").build()));

    assertThat(billing.webhookEvents(Optional.empty(), 0, 1)).hasSize(1);
    assertThat(billing.webhookEvents(Optional.empty(), 0, 200)).hasSize(2);
  }

  @Test
  @DisplayName(
      "the claim names the organization the event's object names (where finding its owner"
          + " starts, so a store may read it with the claim); an event naming none names none")
  void claimNamesTheEventsOrganization() {
    Seed.organization(fixture, "org_1");
    List<IncomingEvent> claimed = new ArrayList<>();
    WebhookLog recording =
        (WebhookLog)
            Proxy.newProxyInstance(
                WebhookLog.class.getClassLoader(),
                new Class<?>[] {WebhookLog.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("claim")) {
                    claimed.add((IncomingEvent) args[0]);
                  }
                  try {
                    return method.invoke(fixture.webhookLog, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Billing instance =
        Seed.anotherInstanceBuilder(
                fixture, fixture.organizations, fixture.provider, billing.catalog())
            .webhookLog(recording)
            .build();

    List<BillingEvent> events =
        List.of(
            subscriptionEvent("evt_1", T, team("sub_1", "cus_1", "org_1")),
            subscriptionEvent(
                "evt_2",
                T.plusSeconds(1),
                team("sub_1", "cus_1", "org_1").organizationId(Optional.empty())),
            new BillingEvent.Unhandled(anEventHeader().id("evt_3").type("plan.created").build()));
    for (BillingEvent event : events) {
      assertThat(instance.handle(event, payloadOf(event)).status())
          .isNotEqualTo(WebhookStatus.ERROR);
    }

    assertThat(claimed)
        .extracting(IncomingEvent::organization)
        .containsExactly(
            Optional.of(OrganizationId.of("org_1")), Optional.empty(), Optional.empty());
    assertThat(entry("evt_2").organizationId())
        .as("found by its subscription all the same")
        .contains(OrganizationId.of("org_1"));
  }

  private List<String> ids(List<WebhookLogEntry> entries) {
    return entries.stream().map(WebhookLogEntry::eventId).toList();
  }

  private static BillingEvent subscriptionEvent(
      String id, Instant created, SubscriptionSnapshotBuilder s) {
    return aSubscriptionEvent(Change.UPDATED).eventId(id).created(created).subscription(s).build();
  }

  private EventOutcome handle(BillingEvent event) {
    return billing.handle(event, payloadOf(event));
  }

  private String payloadOf(BillingEvent event) {
    return paymentEvents.payloadOf(event);
  }

  private WebhookLogEntry entry(String eventId) {
    return fixture.webhookLog.find(eventId).orElseThrow();
  }

  private Organization organization(OrganizationId id) {
    return fixture.organizations.find(id).orElseThrow();
  }

  private SubscriptionStatus status(OrganizationId id) {
    return organization(id).subscription("sub_1").orElseThrow().status();
  }
}

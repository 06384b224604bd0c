package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aCheckoutCompletedEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.memory.CountingOrganizations;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One event reads its organization once: the owner found by the resolution is the state the updater
 * changes. Reads are counted by {@link CountingOrganizations} around the real store.
 */
class OrganizationReadsTest {
  static final Instant T = NOW.minusSeconds(30);

  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final CountingOrganizations reads = fixture.organizationAccess;

  @BeforeEach
  void seed() {
    Seed.organization(fixture, "org_1");
  }

  @Test
  @DisplayName("a subscription webhook naming its organization in metadata reads it once")
  void subscriptionEventByMetadata() {
    EventOutcome outcome = handle(subscriptionEvent("evt_1", team("sub_1", "cus_1", "org_1")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(reads.reads()).isEqualTo(1);
    assertThat(reads.saves()).isEqualTo(1);
    assertThat(organization().subscription("sub_1")).isPresent();
  }

  @Test
  @DisplayName("a subscription webhook without metadata, of a known subscription, reads once")
  void subscriptionEventBySubscriptionId() {
    handle(subscriptionEvent("evt_1", team("sub_1", "cus_1", "org_1")));
    reads.reset();

    EventOutcome outcome =
        handle(
            aSubscriptionEvent(Change.UPDATED)
                .eventId("evt_2")
                .created(T.plusSeconds(1))
                .subscription(
                    team("sub_1", "cus_1", "org_1")
                        .withoutOrganization()
                        .status(SubscriptionStatus.PAST_DUE))
                .build());

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(reads.reads()).isEqualTo(1);
    assertThat(organization().subscription("sub_1").orElseThrow().status())
        .isEqualTo(SubscriptionStatus.PAST_DUE);
  }

  @Test
  @DisplayName(
      "a Checkout-completed event links the customer and applies the fetched subscription,"
          + " reading the organization once (it read it 5 times before)")
  void checkoutCompletedReadsOnce() {
    fixture.provider.putSubscription(team("sub_7", "cus_7", "org_1").build());

    EventOutcome outcome =
        handle(
            aCheckoutCompletedEvent()
                .eventId("evt_cs")
                .created(T)
                .session("cs_7")
                .organization("org_1")
                .customer("cus_7")
                .subscription("sub_7")
                .build());

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(reads.reads()).isEqualTo(1);
    assertThat(organization().customerId()).contains("cus_7");
    assertThat(organization().subscription("sub_7")).isPresent();
  }

  @Test
  @DisplayName("an invoice event reads its organization once")
  void invoiceEventReadsOnce() {
    EventOutcome outcome =
        handle(
            anInvoiceEvent()
                .failed()
                .eventId("evt_inv")
                .created(T)
                .organization("org_1")
                .customer("cus_1")
                .build());

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(reads.reads()).isEqualTo(1);
    assertThat(organization().lastPayment()).isPresent();
  }

  private static BillingEvent subscriptionEvent(String id, SubscriptionSnapshotBuilder snapshot) {
    return aSubscriptionEvent(Change.UPDATED).eventId(id).created(T).subscription(snapshot).build();
  }

  private EventOutcome handle(BillingEvent event) {
    return fixture.billing.handle(event, Seed.payload(event));
  }

  private Organization organization() {
    return fixture.organizations.find(OrganizationId.of("org_1")).orElseThrow();
  }
}

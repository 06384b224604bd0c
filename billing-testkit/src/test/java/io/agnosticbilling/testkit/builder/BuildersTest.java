package io.agnosticbilling.testkit.builder;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aCheckoutCompletedEvent;
import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionSnapshot;
import static io.agnosticbilling.testkit.builder.Builders.anInvoiceEvent;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BuildersTest {

  @Test
  @DisplayName("a snapshot rebuilt with from() equals the original")
  void snapshotFromRoundTrips() {
    SubscriptionSnapshot original =
        aSubscriptionSnapshot()
            .status(SubscriptionStatus.TRIALING)
            .trialEnd(T0.plusSeconds(99))
            .canceledAt(T0.plusSeconds(50))
            .cancelAtPeriodEnd(true)
            .startedAt(T0.minusSeconds(7))
            .withoutOrganization()
            .build();

    assertThat(SubscriptionSnapshotBuilder.from(original).build()).isEqualTo(original);
  }

  @Test
  @DisplayName("the event type follows the subscription change")
  void subscriptionEventType() {
    assertThat(aSubscriptionEvent(Change.DELETED).build().header().type())
        .isEqualTo("customer.subscription.deleted");
    assertThat(aSubscriptionEvent(Change.CREATED).build().change()).isEqualTo(Change.CREATED);
  }

  @Test
  @DisplayName("an invoice event is paid by default and a payment failure when asked")
  void invoiceEventKinds() {
    assertThat(anInvoiceEvent().build()).isInstanceOf(BillingEvent.InvoicePaid.class);
    BillingEvent failed = anInvoiceEvent().failed().attemptCount(2).build();
    assertThat(failed).isInstanceOf(BillingEvent.InvoicePaymentFailed.class);
    assertThat(failed.header().type()).isEqualTo("invoice.payment_failed");
    assertThat(((BillingEvent.InvoicePaymentFailed) failed).invoice().nextAttemptAt()).isPresent();
  }

  @Test
  @DisplayName("a checkout event without organization leaves resolution to the customer id")
  void checkoutWithoutOrganization() {
    assertThat(aCheckoutCompletedEvent().withoutOrganization().build().session().organizationId())
        .isEmpty();
  }

  @Test
  @DisplayName("an organization with a subscription takes the subscription's customer")
  void organizationTakesCustomerFromSubscription() {
    Organization org =
        anOrganization()
            .subscription(aSubscription().customer("cus_7").plan(PlanId.ENTERPRISE))
            .build();

    assertThat(org.customerId()).contains("cus_7");
    assertThat(org.subscription("sub_1").orElseThrow().priceId()).isEqualTo("price_enterprise");
    assertThat(org.version()).isZero();
  }

  @Test
  @DisplayName("members built with different emails get different ids")
  void memberIdsFollowEmail() {
    assertThat(aMember().email("a@example.com").build().id())
        .isNotEqualTo(aMember().email("b@example.com").build().id());
  }
}

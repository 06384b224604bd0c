package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.builder.Builders.aSubscriptionEvent;
import static io.agnosticbilling.testkit.service.Seed.NOW;
import static io.agnosticbilling.testkit.service.Seed.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.EventProcessingException;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.port.in.EventOutcome;
import io.agnosticbilling.domain.port.out.Transactions;
import io.agnosticbilling.domain.webhook.IncomingEvent;
import io.agnosticbilling.domain.webhook.WebhookStatus;
import io.agnosticbilling.testkit.InMemoryBilling;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import io.agnosticbilling.testkit.memory.FakePaymentEvents;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The facade runs a webhook's claim, apply and finish inside ONE call of the {@link Transactions}
 * port: a processed event and a failed one (whose error entry must be kept) complete the work, so
 * the store commits; an event in progress elsewhere leaves the work by an exception, so the store
 * rolls back (nothing was written).
 */
class TransactionalWebhookTest {
  final FakePaymentEvents paymentEvents = new FakePaymentEvents();
  final InMemoryBilling fixture = new InMemoryBilling(NOW);
  final RecordingTransactions transactions = new RecordingTransactions();
  final Billing billing =
      Seed.anotherInstanceBuilder(
              fixture,
              fixture.organizations,
              fixture.provider,
              Seed.catalogSelling(InMemoryBilling.TEAM_PRICE, InMemoryBilling.ENTERPRISE_PRICE))
          .transactions(transactions)
          .build();

  /** Counts the transactions and how each ended; runs the work directly. */
  static final class RecordingTransactions implements Transactions {
    int committed;
    int rolledBack;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
      try {
        T result = work.get();
        committed++;
        return result;
      } catch (RuntimeException e) {
        rolledBack++;
        throw e;
      }
    }
  }

  @Test
  @DisplayName("a processed event is claimed, applied and finished in one committed transaction")
  void processedEventIsOneTransaction() {
    Seed.organization(fixture, "org_1");

    EventOutcome outcome = handle(event("evt_1", team("sub_1", "cus_1", "org_1")));

    assertThat(outcome.status()).isEqualTo(WebhookStatus.PROCESSED);
    assertThat(transactions.committed).isEqualTo(1);
    assertThat(transactions.rolledBack).isZero();
    assertThat(fixture.webhookLog.find("evt_1").orElseThrow().status())
        .isEqualTo(WebhookStatus.PROCESSED);
  }

  @Test
  @DisplayName("a failed event's error entry is committed with it, then the failure is thrown")
  void failedEventCommitsItsErrorEntry() {
    Seed.organization(fixture, "org_1");
    BillingEvent unknownPrice = event("evt_bad", team("sub_1", "cus_1", "org_1").price("price_x"));

    assertThatThrownBy(() -> handle(unknownPrice))
        .isInstanceOf(EventProcessingException.class)
        .hasMessageContaining("unknown price price_x");
    assertThat(transactions.committed).isEqualTo(1);
    assertThat(transactions.rolledBack).isZero();
    assertThat(fixture.webhookLog.find("evt_bad").orElseThrow().status())
        .isEqualTo(WebhookStatus.ERROR);
  }

  @Test
  @DisplayName("an event in progress elsewhere leaves the transaction by its conflict")
  void inProgressRollsBack() {
    Seed.organization(fixture, "org_1");
    BillingEvent event = event("evt_busy", team("sub_1", "cus_1", "org_1"));
    fixture.webhookLog.claim(
        new IncomingEvent(event.header(), paymentEvents.payloadOf(event)),
        NOW,
        Duration.ofSeconds(60));

    assertThatThrownBy(() -> handle(event)).isInstanceOf(ConflictException.class);
    assertThat(transactions.rolledBack).isEqualTo(1);
    assertThat(transactions.committed).isZero();
  }

  private static BillingEvent event(String id, SubscriptionSnapshotBuilder subscription) {
    return aSubscriptionEvent(Change.UPDATED)
        .eventId(id)
        .created(NOW.minusSeconds(30))
        .subscription(subscription)
        .build();
  }

  private EventOutcome handle(BillingEvent event) {
    return billing.handle(event, paymentEvents.payloadOf(event));
  }
}

package io.agnosticbilling.adapter.mongo;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aUsageAlert;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.notification.Notification;
import io.agnosticbilling.domain.notification.NotificationData;
import io.agnosticbilling.domain.notification.NotificationType;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.NotificationOutbox;
import io.agnosticbilling.testkit.contract.OutboxContract;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The outbox contract against MongoNotificationOutbox (notifications embedded in their cause's
 * document, relayed into {@code notifications}), with two clients racing as two instances.
 */
class MongoOutboxContractTest {

  @Nested
  @DisplayName("two MongoClient instances on one database")
  class TwoClients extends OutboxContract {
    private TestDatabase db;

    @Override
    protected Store newStore() {
      db = TestDatabase.fresh();
      MongoBillingStore store = db.store();
      return new Store(store.notificationOutbox(), store.organizations(), store.usageAlerts());
    }

    @Override
    protected NotificationOutbox secondClientOnSameStore() {
      return db.secondStore().notificationOutbox();
    }

    @AfterEach
    void drop() {
      db.close();
    }
  }

  @Nested
  @DisplayName("the relay from the cause's document")
  class Relay {
    private final TestDatabase db = TestDatabase.fresh();

    @AfterEach
    void drop() {
      db.close();
    }

    private Notification note(String id) {
      return new Notification(
          id,
          NotificationType.PAYMENT_FAILED,
          OrganizationId.of("org_1"),
          T0,
          NotificationData.builder().put("invoiceId", "in_1").build());
    }

    @Test
    @DisplayName("the save embeds the notification; a later plain save keeps it until relayed")
    void embeddedUntilRelayed() {
      MongoBillingStore store = db.store();
      Organization org = store.organizations().insert(anOrganization().build());
      Organization saved = store.organizations().save(org, List.of(note("n1")));
      store.organizations().save(saved.withCustomerId("cus_2"));

      Document raw =
          store
              .database()
              .getCollection(Schema.ORGANIZATIONS)
              .find(new Document("_id", "org_1"))
              .first();
      assertThat(raw.getList("outbox", Document.class))
          .extracting(d -> d.get("id"))
          .containsExactly("n1");

      assertThat(store.notificationOutbox().find("n1")).isPresent();
      Document after =
          store
              .database()
              .getCollection(Schema.ORGANIZATIONS)
              .find(new Document("_id", "org_1"))
              .first();
      assertThat(after.getList("outbox", Document.class)).isEmpty();
      assertThat(store.organizations().find(OrganizationId.of("org_1")).orElseThrow().customerId())
          .contains("cus_2");
    }

    @Test
    @DisplayName("a relay interrupted after the insert (crash) relays again without a duplicate")
    void relayIsIdempotent() {
      MongoBillingStore store = db.store();
      store.usageAlerts().recordOnce(aUsageAlert().build(), List.of(note("a1")));
      // The first half of a relay that died before pulling: the notification is inserted already.
      store.notificationOutbox().enqueue(List.of(note("a1")));

      MongoNotificationOutbox outbox = store.notificationOutbox();
      outbox.relay();

      assertThat(store.database().getCollection(Schema.NOTIFICATIONS).countDocuments())
          .isEqualTo(1);
      Document alert = store.database().getCollection(Schema.USAGE_ALERTS).find().first();
      assertThat(alert.getList("outbox", Document.class)).isEmpty();
      assertThat(store.usageAlerts().list(OrganizationId.of("org_1"), T0)).hasSize(1);
    }
  }
}

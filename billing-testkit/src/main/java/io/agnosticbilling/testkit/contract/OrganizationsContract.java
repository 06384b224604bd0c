package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aSubscription;
import static io.agnosticbilling.testkit.builder.Builders.anOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.concurrent.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link Organizations} adapter must do. Extend it in the adapter's tests and
 * return a store from {@link #newOrganizations()}.
 */
public abstract class OrganizationsContract {
  /** The store under test, fresh for each test. */
  protected Organizations organizations;

  /** An EMPTY store, called once before each test. */
  protected abstract Organizations newOrganizations();

  /**
   * A second client on the same data as the last {@link #newOrganizations()}, so concurrency tests
   * race two clients as two server instances would. Defaults to the same instance.
   */
  protected Organizations secondClientOnSameStore() {
    return organizations;
  }

  @BeforeEach
  void freshStore() {
    organizations = newOrganizations();
  }

  @Test
  @DisplayName("insert stores a new organization and returns it at version 1")
  void insertReturnsVersionOne() {
    Organization inserted = organizations.insert(anOrganization().build());

    assertThat(inserted.version()).isEqualTo(1);
    assertThat(organizations.find(OrganizationId.of("org_1"))).contains(inserted);
  }

  @Test
  @DisplayName("every field survives the round trip, with several subscriptions and a payment")
  void fullStateRoundTrips() {
    Organization full =
        anOrganization()
            .name("Ünïcode & Co. \"quoted\"")
            .customer("cus_9")
            .subscription(
                aSubscription()
                    .id("sub_old")
                    .customer("cus_9")
                    .status(SubscriptionStatus.CANCELED)
                    .plan(PlanId.ENTERPRISE)
                    .canceledAt(T0.plusSeconds(10))
                    .trialEnd(T0.plusSeconds(5))
                    .lastEventCreated(T0.getEpochSecond() + 10))
            .subscription(
                aSubscription()
                    .id("sub_new")
                    .customer("cus_9")
                    .status(SubscriptionStatus.PAST_DUE)
                    .cancelAtPeriodEnd(true)
                    .startedAt(T0.minusSeconds(60))
                    .period(T0.plusSeconds(20), T0.plus(Duration.ofDays(30)))
                    .pastDueSince(T0.plus(Duration.ofDays(4)).plusSeconds(7)))
            .lastPayment(
                new PaymentRecord(
                    "in_7",
                    Optional.of("sub_new"),
                    PaymentRecord.Outcome.FAILED,
                    9900,
                    "usd",
                    2,
                    Optional.of(T0.plus(Duration.ofDays(3))),
                    T0.plusSeconds(30)))
            .build();

    Organization inserted = organizations.insert(full);

    assertThat(organizations.find(full.id())).contains(full.withVersion(1)).contains(inserted);
  }

  @Test
  @DisplayName("inserting an id that exists is refused and the stored one is left alone")
  void insertExistingIdRefused() {
    Organization first = organizations.insert(anOrganization().name("First").build());

    assertThatThrownBy(() -> organizations.insert(anOrganization().name("Second").build()))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(organizations.find(first.id())).contains(first);
  }

  @Test
  @DisplayName("inserting an organization that is not new (version above 0) is refused")
  void insertOfSavedOrganizationRefused() {
    assertThatThrownBy(() -> organizations.insert(anOrganization().version(3).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThat(organizations.find(OrganizationId.of("org_1"))).isEmpty();
  }

  @Test
  @DisplayName("find of an unknown id is empty")
  void findUnknownIsEmpty() {
    assertThat(organizations.find(OrganizationId.of("org_missing"))).isEmpty();
  }

  @Test
  @DisplayName("the trial offer's hold survives a save, to the millisecond, and can be withdrawn")
  void trialOfferRoundTrips() {
    Organization v1 = organizations.insert(anOrganization().build());
    Instant heldAt = T0.plusMillis(1234);

    Organization v2 = organizations.save(v1.withTrialOfferedAt(Optional.of(heldAt)));

    assertThat(organizations.find(v1.id()).orElseThrow().trialOfferedAt()).contains(heldAt);
    assertThat(organizations.find(v1.id())).contains(v2);
    organizations.save(v2.withTrialOfferedAt(Optional.empty()));
    assertThat(organizations.find(v1.id()).orElseThrow().trialOfferedAt()).isEmpty();
  }

  @Test
  @DisplayName("save at the stored version stores the change at version + 1")
  void saveAtCurrentVersion() {
    Organization v1 = organizations.insert(anOrganization().build());

    Organization v2 = organizations.save(v1.withCustomerId("cus_42"));
    Organization v3 = organizations.save(v2.withSubscription(aSubscription().build()));

    assertThat(v2.version()).isEqualTo(2);
    assertThat(v3.version()).isEqualTo(3);
    assertThat(organizations.find(v1.id())).contains(v3);
    assertThat(v3.customerId()).contains("cus_42");
  }

  @Test
  @DisplayName("save from a stale version is refused and the newer state is kept")
  void saveFromStaleVersionRefused() {
    Organization v1 = organizations.insert(anOrganization().build());
    Organization v2 = organizations.save(v1.withCustomerId("cus_winner"));

    assertThatThrownBy(() -> organizations.save(v1.withCustomerId("cus_loser")))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(organizations.find(v1.id())).contains(v2);
  }

  @Test
  @DisplayName("save of an organization that is not stored is refused and creates nothing")
  void saveOfMissingRefused() {
    assertThatThrownBy(() -> organizations.save(anOrganization().version(1).build()))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(organizations.find(OrganizationId.of("org_1"))).isEmpty();
  }

  @Test
  @DisplayName("findByCustomerId finds the organization linked to the customer, and only it")
  void findByCustomerId() {
    organizations.insert(anOrganization().id("org_a").customer("cus_a").build());
    Organization b = organizations.insert(anOrganization().id("org_b").customer("cus_b").build());
    organizations.insert(anOrganization().id("org_c").build());

    assertThat(organizations.findByCustomerId("cus_b")).contains(b);
    assertThat(organizations.findByCustomerId("cus_missing")).isEmpty();
  }

  @Test
  @DisplayName("findBySubscriptionId finds the organization holding the subscription id")
  void findBySubscriptionId() {
    organizations.insert(
        anOrganization().id("org_a").subscription(aSubscription().id("sub_a")).build());
    Organization b =
        organizations.insert(
            anOrganization()
                .id("org_b")
                .subscription(aSubscription().id("sub_b1").status(SubscriptionStatus.CANCELED))
                .subscription(aSubscription().id("sub_b2"))
                .build());

    assertThat(organizations.findBySubscriptionId("sub_b1")).contains(b);
    assertThat(organizations.findBySubscriptionId("sub_b2")).contains(b);
    assertThat(organizations.findBySubscriptionId("sub_missing")).isEmpty();
  }

  @Test
  @DisplayName("findBySubscriptionId sees a subscription added by a later save")
  void findBySubscriptionIdAfterSave() {
    Organization v1 = organizations.insert(anOrganization().build());
    Organization v2 = organizations.save(v1.withSubscription(aSubscription().id("sub_x").build()));

    assertThat(organizations.findBySubscriptionId("sub_x")).contains(v2);
  }

  @Test
  @DisplayName("delete removes the organization from every lookup and leaves the others")
  void deleteRemoves() {
    Organization gone =
        organizations.insert(
            anOrganization().id("org_gone").subscription(aSubscription().id("sub_g")).build());
    Organization kept = organizations.insert(anOrganization().id("org_kept").build());

    organizations.delete(gone.id());

    assertThat(organizations.find(gone.id())).isEmpty();
    assertThat(organizations.findByCustomerId("cus_1")).isEmpty();
    assertThat(organizations.findBySubscriptionId("sub_g")).isEmpty();
    assertThat(organizations.find(kept.id())).contains(kept);
  }

  @Test
  @DisplayName("delete of an unknown id changes nothing")
  void deleteUnknownIsHarmless() {
    Organization kept = organizations.insert(anOrganization().build());

    organizations.delete(OrganizationId.of("org_missing"));

    assertThat(organizations.find(kept.id())).contains(kept);
  }

  @Test
  @DisplayName("a deleted id can be inserted again, starting at version 1")
  void deletedIdCanBeReused() {
    organizations.insert(anOrganization().build());
    organizations.delete(OrganizationId.of("org_1"));

    assertThat(organizations.insert(anOrganization().name("Again").build()).version()).isEqualTo(1);
  }

  @Test
  @DisplayName("16 concurrent saves of the same version: exactly one wins, the rest conflict")
  void concurrentSavesOfOneVersion() {
    Organizations second = secondClientOnSameStore();
    Organization v1 = organizations.insert(anOrganization().build());

    List<Race.Outcome<Organization>> outcomes =
        Race.run(
            16, i -> (i % 2 == 0 ? organizations : second).save(v1.withCustomerId("cus_" + i)));

    List<Race.Outcome<Organization>> won =
        outcomes.stream().filter(Race.Outcome::succeeded).toList();
    assertThat(won).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .hasSize(15)
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(ConcurrentUpdateException.class));
    Organization winner = won.get(0).value();
    assertThat(winner.version()).isEqualTo(2);
    assertThat(organizations.find(v1.id())).contains(winner);
  }

  @Test
  @DisplayName("16 concurrent inserts of one id: exactly one is stored, the rest conflict")
  void concurrentInsertsOfOneId() {
    Organizations second = secondClientOnSameStore();

    List<Race.Outcome<Organization>> outcomes =
        Race.run(
            16,
            i ->
                (i % 2 == 0 ? organizations : second)
                    .insert(anOrganization().name("Racer " + i).build()));

    List<Race.Outcome<Organization>> won =
        outcomes.stream().filter(Race.Outcome::succeeded).toList();
    assertThat(won).hasSize(1);
    assertThat(outcomes.stream().filter(o -> !o.succeeded()))
        .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(ConcurrentUpdateException.class));
    assertThat(organizations.find(OrganizationId.of("org_1"))).contains(won.get(0).value());
  }
}

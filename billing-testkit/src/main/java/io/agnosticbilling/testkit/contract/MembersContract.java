package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.Members.AddResult;
import io.agnosticbilling.domain.port.out.Members.Added;
import io.agnosticbilling.domain.port.out.Members.EmailTaken;
import io.agnosticbilling.domain.port.out.Members.SeatLimitReached;
import io.agnosticbilling.testkit.concurrent.Race;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Contract: what every {@link Members} adapter must do. Extend it in the adapter's tests and return
 * a store from {@link #newMembers()}.
 */
public abstract class MembersContract {
  private static final OrganizationId ORG = OrganizationId.of("org_1");
  private static final Quota PLENTY = Quota.of(100);

  /** The store under test, fresh for each test. */
  protected Members members;

  /** An EMPTY store, called once before each test. */
  protected abstract Members newMembers();

  /**
   * A second client on the same data as the last {@link #newMembers()}, so concurrency tests race
   * two clients as two server instances would. Defaults to the same instance.
   */
  protected Members secondClientOnSameStore() {
    return members;
  }

  @BeforeEach
  void freshStore() {
    members = newMembers();
  }

  @Test
  @DisplayName("an added member can be found by id and by email, with every field kept")
  void addedMemberIsFound() {
    Member grace =
        aMember()
            .id("usr_grace")
            .email("grace@example.com")
            .role(Role.MEMBER)
            .passwordHash("$2a$10$abcdefghijklmnopqrstuv")
            .createdAt(T0.plusMillis(123))
            .build();

    AddResult result = members.add(grace, PLENTY);

    assertThat(result).isEqualTo(new Added(grace));
    assertThat(members.findById(MemberId.of("usr_grace"))).contains(grace);
    assertThat(members.findByEmail(Email.of("grace@example.com"))).contains(grace);
    assertThat(members.count(ORG)).isEqualTo(1);
  }

  @Test
  @DisplayName("unknown ids and emails are not found, and an unknown organization has 0 members")
  void unknownIsEmpty() {
    assertThat(members.findById(MemberId.of("usr_missing"))).isEmpty();
    assertThat(members.findByEmail(Email.of("nobody@example.com"))).isEmpty();
    assertThat(members.count(OrganizationId.of("org_missing"))).isZero();
    assertThat(members.list(OrganizationId.of("org_missing"))).isEmpty();
  }

  @Test
  @DisplayName("an email is unique across organizations: the second add is refused, nothing stored")
  void emailUniqueAcrossOrganizations() {
    Member first = aMember().id("usr_1").email("ada@example.com").build();
    members.add(first, PLENTY);

    AddResult again =
        members.add(
            aMember().id("usr_2").organization("org_2").email("ada@example.com").build(), PLENTY);

    assertThat(again).isEqualTo(new EmailTaken());
    assertThat(members.count(OrganizationId.of("org_2"))).isZero();
    assertThat(members.findById(MemberId.of("usr_2"))).isEmpty();
    assertThat(members.findByEmail(Email.of("ada@example.com"))).contains(first);
  }

  @Test
  @DisplayName("emails differing only in case are the same email")
  void emailUniquenessIgnoresCase() {
    members.add(aMember().id("usr_1").email("ada@example.com").build(), PLENTY);

    AddResult again = members.add(aMember().id("usr_2").email("ADA@Example.COM").build(), PLENTY);

    assertThat(again).isEqualTo(new EmailTaken());
  }

  @Test
  @DisplayName("an organization at its seat limit is refused with its member count")
  void seatLimitRefused() {
    members.add(aMember().email("a@example.com").build(), Quota.of(2));
    members.add(aMember().email("b@example.com").build(), Quota.of(2));

    AddResult third = members.add(aMember().email("c@example.com").build(), Quota.of(2));

    assertThat(third).isEqualTo(new SeatLimitReached(2));
    assertThat(members.count(ORG)).isEqualTo(2);
    assertThat(members.findByEmail(Email.of("c@example.com"))).isEmpty();
  }

  @Test
  @DisplayName("an organization already above a lowered limit is refused, and nobody is removed")
  void aboveLimitAfterDowngrade() {
    for (String name : List.of("a", "b", "c", "d")) {
      members.add(aMember().email(name + "@example.com").build(), Quota.of(20));
    }

    AddResult next = members.add(aMember().email("e@example.com").build(), Quota.of(3));

    assertThat(next).isEqualTo(new SeatLimitReached(4));
    assertThat(members.count(ORG)).isEqualTo(4);
  }

  @Test
  @DisplayName("a seat limit of 0 refuses the first member")
  void zeroSeats() {
    assertThat(members.add(aMember().build(), Quota.of(0))).isEqualTo(new SeatLimitReached(0));
    assertThat(members.count(ORG)).isZero();
  }

  @Test
  @DisplayName("seats are counted per organization")
  void seatsPerOrganization() {
    members.add(aMember().email("a@example.com").build(), Quota.of(1));

    AddResult other =
        members.add(aMember().organization("org_2").email("b@example.com").build(), Quota.of(1));

    assertThat(other).isInstanceOf(Added.class);
    assertThat(members.count(ORG)).isEqualTo(1);
    assertThat(members.count(OrganizationId.of("org_2"))).isEqualTo(1);
  }

  @Test
  @DisplayName("unlimited seats never refuse")
  void unlimitedSeats() {
    for (int i = 0; i < 30; i++) {
      assertThat(members.add(aMember().email("m" + i + "@example.com").build(), Quota.unlimited()))
          .isInstanceOf(Added.class);
    }
    assertThat(members.count(ORG)).isEqualTo(30);
  }

  @Test
  @DisplayName("list returns the organization's members oldest first, and only theirs")
  void listOldestFirst() {
    Member newest = aMember().email("c@example.com").createdAt(T0.plusSeconds(30)).build();
    Member oldest = aMember().email("a@example.com").createdAt(T0.plusSeconds(10)).build();
    Member middle = aMember().email("b@example.com").createdAt(T0.plusSeconds(20)).build();
    members.add(newest, PLENTY);
    members.add(oldest, PLENTY);
    members.add(aMember().organization("org_2").email("x@example.com").build(), PLENTY);
    members.add(middle, PLENTY);

    assertThat(members.list(ORG)).containsExactly(oldest, middle, newest);
  }

  @Test
  @DisplayName("16 concurrent adds of distinct members with 5 seats: exactly 5 are added")
  void concurrentAddsNeverPassSeats() {
    Members second = secondClientOnSameStore();

    List<AddResult> results =
        Race.values(
            Race.run(
                16,
                i ->
                    (i % 2 == 0 ? members : second)
                        .add(aMember().email("m" + i + "@example.com").build(), Quota.of(5))));

    assertThat(results.stream().filter(Added.class::isInstance)).hasSize(5);
    assertThat(results.stream().filter(r -> !(r instanceof Added)))
        .hasSize(11)
        .allSatisfy(r -> assertThat(r).isEqualTo(new SeatLimitReached(5)));
    assertThat(members.count(ORG)).isEqualTo(5);
    assertThat(members.list(ORG)).hasSize(5);
  }

  @Test
  @DisplayName("8 concurrent adds of the same email: exactly one is added")
  void concurrentAddsOfOneEmail() {
    Members second = secondClientOnSameStore();

    List<AddResult> results =
        Race.values(
            Race.run(
                8,
                i ->
                    (i % 2 == 0 ? members : second)
                        .add(
                            aMember()
                                .id("usr_" + i)
                                .organization("org_" + i)
                                .email("same@example.com")
                                .build(),
                            PLENTY)));

    List<AddResult> added = results.stream().filter(Added.class::isInstance).toList();
    assertThat(added).hasSize(1);
    assertThat(results.stream().filter(r -> !(r instanceof Added)))
        .allSatisfy(r -> assertThat(r).isEqualTo(new EmailTaken()));
    assertThat(members.findByEmail(Email.of("same@example.com")))
        .contains(((Added) added.get(0)).member());
  }

  @Test
  @DisplayName(
      "the operator flag is stored per member: off when added, set and cleared by id, listed, seen"
          + " by a second client at once")
  void operatorFlagIsStored() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").build();
    Member bob = aMember().id("usr_bob").email("bob@example.com").build();
    members.add(ada, PLENTY);
    members.add(bob, PLENTY);

    assertThat(members.isOperator(ada.id())).isFalse();
    assertThat(members.operators()).isEmpty();

    assertThat(members.setOperator(ada.id(), true)).isTrue();
    assertThat(secondClientOnSameStore().isOperator(ada.id())).isTrue();
    assertThat(members.isOperator(bob.id())).isFalse();
    assertThat(members.operators()).containsExactly(ada);
    assertThat(members.findById(ada.id())).contains(ada);

    assertThat(members.setOperator(ada.id(), false)).isTrue();
    assertThat(secondClientOnSameStore().isOperator(ada.id())).isFalse();
    assertThat(members.operators()).isEmpty();
  }

  @Test
  @DisplayName("an unknown member cannot be made an operator and is never one")
  void operatorFlagOfUnknownMember() {
    assertThat(members.setOperator(MemberId.of("usr_missing"), true)).isFalse();
    assertThat(members.isOperator(MemberId.of("usr_missing"))).isFalse();
    assertThat(members.operators()).isEmpty();
  }
}

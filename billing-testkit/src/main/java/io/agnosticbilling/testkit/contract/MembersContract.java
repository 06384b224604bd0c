package io.agnosticbilling.testkit.contract;

import static io.agnosticbilling.testkit.builder.Builders.T0;
import static io.agnosticbilling.testkit.builder.Builders.aMember;
import static org.assertj.core.api.Assertions.assertThat;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.Members.AddResult;
import io.agnosticbilling.domain.port.out.Members.Added;
import io.agnosticbilling.domain.port.out.Members.Changed;
import io.agnosticbilling.domain.port.out.Members.EmailTaken;
import io.agnosticbilling.domain.port.out.Members.LastAdmin;
import io.agnosticbilling.domain.port.out.Members.MemberChange;
import io.agnosticbilling.domain.port.out.Members.NoSuchMember;
import io.agnosticbilling.domain.port.out.Members.SeatLimitReached;
import io.agnosticbilling.testkit.concurrent.Race;
import java.util.List;
import java.util.stream.IntStream;
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

  @Test
  @DisplayName(
      "a role change is stored and seen at once by a second client; promoting and demoting both"
          + " work while another admin remains")
  void roleChangesAreStored() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").role(Role.ADMIN).build();
    Member bob = aMember().id("usr_bob").email("bob@example.com").role(Role.MEMBER).build();
    members.add(ada, PLENTY);
    members.add(bob, PLENTY);

    MemberChange promoted = members.changeRole(ORG, bob.id(), Role.ADMIN);

    Member bobAdmin = withRole(bob, Role.ADMIN);
    assertThat(promoted).isEqualTo(new Changed(bobAdmin));
    assertThat(secondClientOnSameStore().findById(bob.id())).contains(bobAdmin);
    assertThat(secondClientOnSameStore().membership(bob.id()))
        .contains(new Membership(bob.id(), ORG, Role.ADMIN, false));

    MemberChange demoted = members.changeRole(ORG, ada.id(), Role.MEMBER);

    assertThat(demoted).isEqualTo(new Changed(withRole(ada, Role.MEMBER)));
    assertThat(secondClientOnSameStore().membership(ada.id()))
        .contains(new Membership(ada.id(), ORG, Role.MEMBER, false));
    assertThat(members.list(ORG)).containsExactly(withRole(ada, Role.MEMBER), bobAdmin);
  }

  @Test
  @DisplayName(
      "the last admin cannot be demoted nor removed (nothing changes); giving a role it has is a"
          + " no-op")
  void lastAdminIsKept() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").role(Role.ADMIN).build();
    Member bob = aMember().id("usr_bob").email("bob@example.com").role(Role.MEMBER).build();
    members.add(ada, PLENTY);
    members.add(bob, PLENTY);

    assertThat(members.changeRole(ORG, ada.id(), Role.MEMBER)).isEqualTo(new LastAdmin());
    assertThat(members.remove(ORG, ada.id())).isEqualTo(new LastAdmin());
    assertThat(members.changeRole(ORG, ada.id(), Role.ADMIN)).isEqualTo(new Changed(ada));
    assertThat(members.changeRole(ORG, bob.id(), Role.MEMBER)).isEqualTo(new Changed(bob));

    assertThat(members.list(ORG)).containsExactly(ada, bob);
    assertThat(members.count(ORG)).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "an admin of another organization does not count: each organization keeps its own admin")
  void adminsCountPerOrganization() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").build();
    Member eve = aMember().id("usr_eve").organization("org_2").email("eve@example.com").build();
    members.add(ada, PLENTY);
    members.add(eve, PLENTY);

    assertThat(members.changeRole(ORG, ada.id(), Role.MEMBER)).isEqualTo(new LastAdmin());
    assertThat(members.remove(OrganizationId.of("org_2"), eve.id())).isEqualTo(new LastAdmin());
  }

  @Test
  @DisplayName(
      "a removal gives the seat back: an organization over its limit gets under it by removing,"
          + " then may add again")
  void removalFreesTheSeat() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").build();
    members.add(ada, PLENTY);
    for (String name : List.of("b", "c", "d")) {
      members.add(aMember().id("usr_" + name).email(name + "@example.com").build(), PLENTY);
    }
    // A downgrade to 3 seats: 4 members, over the limit, adding refused.
    assertThat(members.add(aMember().email("e@example.com").build(), Quota.of(3)))
        .isEqualTo(new SeatLimitReached(4));

    assertThat(members.remove(ORG, MemberId.of("usr_b"))).isInstanceOf(Changed.class);
    assertThat(members.add(aMember().email("e@example.com").build(), Quota.of(3)))
        .isEqualTo(new SeatLimitReached(3));
    assertThat(secondClientOnSameStore().remove(ORG, MemberId.of("usr_c")))
        .isInstanceOf(Changed.class);

    assertThat(members.count(ORG)).isEqualTo(2);
    assertThat(members.add(aMember().email("e@example.com").build(), Quota.of(3)))
        .isInstanceOf(Added.class);
    assertThat(members.add(aMember().email("f@example.com").build(), Quota.of(3)))
        .isEqualTo(new SeatLimitReached(3));
  }

  @Test
  @DisplayName(
      "a removed member is gone by id, email and membership; its email is free for a new member"
          + " with a new id, and the old id stays unknown")
  void removedMemberIsGone() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").build();
    Member bob = aMember().id("usr_bob").email("bob@example.com").role(Role.MEMBER).build();
    members.add(ada, PLENTY);
    members.add(bob, PLENTY);
    members.setOperator(bob.id(), true);

    assertThat(members.remove(ORG, bob.id())).isEqualTo(new Changed(bob));

    Members other = secondClientOnSameStore();
    assertThat(other.findById(bob.id())).isEmpty();
    assertThat(other.findByEmail(bob.email())).isEmpty();
    assertThat(other.membership(bob.id())).isEmpty();
    assertThat(other.isOperator(bob.id())).isFalse();
    assertThat(other.operators()).isEmpty();
    assertThat(members.remove(ORG, bob.id())).isEqualTo(new NoSuchMember());

    Member again = aMember().id("usr_bob2").email("bob@example.com").role(Role.MEMBER).build();
    assertThat(members.add(again, PLENTY)).isEqualTo(new Added(again));
    assertThat(members.membership(bob.id())).isEmpty();
    assertThat(members.membership(again.id()))
        .contains(new Membership(again.id(), ORG, Role.MEMBER, false));
  }

  @Test
  @DisplayName("another organization's member and an unknown id are not found, and nothing changes")
  void otherOrganizationsMembersAreNotFound() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").build();
    Member eve = aMember().id("usr_eve").organization("org_2").email("eve@example.com").build();
    Member mallory = aMember().id("usr_mal").organization("org_2").email("mal@example.com").build();
    members.add(ada, PLENTY);
    members.add(eve, PLENTY);
    members.add(mallory, PLENTY);

    assertThat(members.remove(ORG, eve.id())).isEqualTo(new NoSuchMember());
    assertThat(members.changeRole(ORG, eve.id(), Role.MEMBER)).isEqualTo(new NoSuchMember());
    assertThat(members.remove(ORG, MemberId.of("usr_missing"))).isEqualTo(new NoSuchMember());
    assertThat(members.changeRole(ORG, MemberId.of("usr_missing"), Role.ADMIN))
        .isEqualTo(new NoSuchMember());

    assertThat(members.list(OrganizationId.of("org_2"))).containsExactly(eve, mallory);
    assertThat(members.count(OrganizationId.of("org_2"))).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "membership carries the organization, the role and the operator flag; unknown: empty")
  void membershipIsOneLookup() {
    Member ada = aMember().id("usr_ada").email("ada@example.com").build();
    members.add(ada, PLENTY);
    members.setOperator(ada.id(), true);

    assertThat(members.membership(ada.id()))
        .contains(new Membership(ada.id(), ORG, Role.ADMIN, true));
    assertThat(members.membership(MemberId.of("usr_missing"))).isEmpty();
  }

  @Test
  @DisplayName(
      "two admins demoting each other at the same moment, 12 times over two clients: each time"
          + " exactly one wins and one admin remains")
  void concurrentMutualDemotionsKeepAnAdmin() {
    for (int round = 0; round < 12; round++) {
      OrganizationId org = OrganizationId.of("org_round" + round);
      List<MemberId> admins = admins(org, 2);

      List<MemberChange> results =
          Race.all(2, i -> client(i).changeRole(org, admins.get(1 - i), Role.MEMBER));

      assertExactlyOneAdminLeft(org, results, 1);
    }
  }

  @Test
  @DisplayName(
      "two admins removing each other at the same moment, 12 times over two clients: each time"
          + " exactly one wins, one admin remains and the seat count follows")
  void concurrentMutualRemovalsKeepAnAdmin() {
    for (int round = 0; round < 12; round++) {
      OrganizationId org = OrganizationId.of("org_round" + round);
      List<MemberId> admins = admins(org, 2);

      List<MemberChange> results = Race.all(2, i -> client(i).remove(org, admins.get(1 - i)));

      assertExactlyOneAdminLeft(org, results, 1);
      assertThat(members.count(org)).isEqualTo(1);
      // The freed seat is really free: a 2-seat plan takes exactly one more member.
      assertThat(
              members.add(
                  aMember().organization(org).email("n" + round + "@x.io").build(), Quota.of(2)))
          .isInstanceOf(Added.class);
    }
  }

  @Test
  @DisplayName(
      "8 admins each demoted or removed at the same moment: exactly 7 changes, one admin remains")
  void concurrentDemotionsAndRemovalsOfEveryAdmin() {
    List<MemberId> admins = admins(ORG, 8);

    List<MemberChange> results =
        Race.all(
            8,
            i ->
                i % 2 == 0
                    ? client(i).remove(ORG, admins.get(i))
                    : client(i).changeRole(ORG, admins.get(i), Role.MEMBER));

    assertExactlyOneAdminLeft(ORG, results, 7);
  }

  private List<MemberId> admins(OrganizationId org, int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              Member admin =
                  aMember()
                      .id("usr_" + org.value() + "_" + i)
                      .organization(org)
                      .email(org.value() + "." + i + "@example.com")
                      .role(Role.ADMIN)
                      .createdAt(T0.plusSeconds(i))
                      .build();
              assertThat(members.add(admin, PLENTY)).isInstanceOf(Added.class);
              return admin.id();
            })
        .toList();
  }

  private Members client(int i) {
    return i % 2 == 0 ? members : secondClientOnSameStore();
  }

  private void assertExactlyOneAdminLeft(
      OrganizationId org, List<MemberChange> results, int expectedChanges) {
    assertThat(results.stream().filter(Changed.class::isInstance)).hasSize(expectedChanges);
    assertThat(results.stream().filter(r -> !(r instanceof Changed)))
        .hasSize(results.size() - expectedChanges)
        .allSatisfy(r -> assertThat(r).isEqualTo(new LastAdmin()));
    assertThat(members.list(org).stream().filter(m -> m.role() == Role.ADMIN)).hasSize(1);
    assertThat(secondClientOnSameStore().list(org).stream().filter(m -> m.role() == Role.ADMIN))
        .hasSize(1);
  }

  private static Member withRole(Member m, Role role) {
    return new Member(m.id(), m.organizationId(), m.email(), m.passwordHash(), role, m.createdAt());
  }
}

package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Membership;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Quota;
import io.agnosticbilling.domain.port.out.Members;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Adapter: members in memory. One lock guards every add, role change and removal, because the email
 * check is global and the seat and last-admin checks span the organization: each must hold at the
 * moment of the write.
 */
public final class InMemoryMembers implements Members {
  private final Object lock = new Object();
  // Insertion-ordered so members with the same createdAt still list in the order they joined.
  private final Map<MemberId, Member> byId = new LinkedHashMap<>();
  private final Map<Email, MemberId> idByEmail = new LinkedHashMap<>();
  private final Set<MemberId> operators = new HashSet<>();

  @Override
  public AddResult add(Member member, Quota seats) {
    Objects.requireNonNull(member, "'member' must not be null");
    Objects.requireNonNull(seats, "'seats' must not be null");
    synchronized (lock) {
      if (idByEmail.containsKey(member.email())) {
        return new EmailTaken();
      }
      if (byId.containsKey(member.id())) {
        throw new IllegalArgumentException("member '" + member.id() + "' exists already");
      }
      long members = countLocked(member.organizationId());
      if (!seats.allows(members, 1)) {
        return new SeatLimitReached(members);
      }
      byId.put(member.id(), member);
      idByEmail.put(member.email(), member.id());
      return new Added(member);
    }
  }

  @Override
  public Optional<Member> findByEmail(Email email) {
    synchronized (lock) {
      return Optional.ofNullable(idByEmail.get(email)).map(byId::get);
    }
  }

  @Override
  public Optional<Member> findById(MemberId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  @Override
  public List<Member> list(OrganizationId organizationId) {
    List<Member> members = new ArrayList<>();
    synchronized (lock) {
      for (Member m : byId.values()) {
        if (m.organizationId().equals(organizationId)) {
          members.add(m);
        }
      }
    }
    members.sort(Comparator.comparing(Member::createdAt));
    return List.copyOf(members);
  }

  @Override
  public long count(OrganizationId organizationId) {
    synchronized (lock) {
      return countLocked(organizationId);
    }
  }

  @Override
  public boolean setOperator(MemberId id, boolean operator) {
    synchronized (lock) {
      if (!byId.containsKey(id)) {
        return false;
      }
      if (operator) {
        operators.add(id);
      } else {
        operators.remove(id);
      }
      return true;
    }
  }

  @Override
  public boolean isOperator(MemberId id) {
    synchronized (lock) {
      return operators.contains(id);
    }
  }

  @Override
  public List<Member> operators() {
    List<Member> found = new ArrayList<>();
    synchronized (lock) {
      operators.forEach(id -> found.add(byId.get(id)));
    }
    found.sort(Comparator.comparing(m -> m.email().value()));
    return List.copyOf(found);
  }

  @Override
  public Optional<Membership> membership(MemberId id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id))
          .map(m -> new Membership(id, m.organizationId(), m.role(), operators.contains(id)));
    }
  }

  @Override
  public MemberChange changeRole(OrganizationId organizationId, MemberId id, Role role) {
    Objects.requireNonNull(role, "'role' must not be null");
    synchronized (lock) {
      Member member = byId.get(id);
      if (member == null || !member.organizationId().equals(organizationId)) {
        return new NoSuchMember();
      }
      if (role != Role.ADMIN && isLastAdminLocked(member)) {
        return new LastAdmin();
      }
      Member changed =
          new Member(
              id, organizationId, member.email(), member.passwordHash(), role, member.createdAt());
      byId.put(id, changed); // an existing key keeps its place in the insertion order
      return new Changed(changed);
    }
  }

  @Override
  public MemberChange remove(OrganizationId organizationId, MemberId id) {
    synchronized (lock) {
      Member member = byId.get(id);
      if (member == null || !member.organizationId().equals(organizationId)) {
        return new NoSuchMember();
      }
      if (isLastAdminLocked(member)) {
        return new LastAdmin();
      }
      byId.remove(id);
      idByEmail.remove(member.email());
      operators.remove(id);
      return new Changed(member);
    }
  }

  private boolean isLastAdminLocked(Member member) {
    return member.role() == Role.ADMIN
        && byId.values().stream()
            .noneMatch(
                m ->
                    m.role() == Role.ADMIN
                        && m.organizationId().equals(member.organizationId())
                        && !m.id().equals(member.id()));
  }

  private long countLocked(OrganizationId organizationId) {
    return byId.values().stream().filter(m -> m.organizationId().equals(organizationId)).count();
  }
}

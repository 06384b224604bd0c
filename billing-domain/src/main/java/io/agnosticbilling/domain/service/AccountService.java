package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.AuthenticationFailedException;
import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Member;
import io.agnosticbilling.domain.organization.MemberId;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.Role;
import io.agnosticbilling.domain.plan.Metric;
import io.agnosticbilling.domain.plan.MetricDefinition;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.port.in.AddMember;
import io.agnosticbilling.domain.port.in.ListMembers;
import io.agnosticbilling.domain.port.in.LogIn;
import io.agnosticbilling.domain.port.in.ManageOperators;
import io.agnosticbilling.domain.port.in.SignUp;
import io.agnosticbilling.domain.port.out.Members;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Use cases: sign-up, log-in and members within the seat limit of the effective plan. */
public final class AccountService
    implements SignUp, LogIn, AddMember, ListMembers, ManageOperators {
  private final Organizations organizations;
  private final OrganizationUpdater updater;
  private final Members members;
  private final PasswordHasher hasher;
  private final Entitlements entitlements;
  private final Clock clock;
  private volatile String dummyHash;

  AccountService(
      Organizations organizations,
      OrganizationUpdater updater,
      Members members,
      PasswordHasher hasher,
      Entitlements entitlements,
      Clock clock) {
    this.organizations = organizations;
    this.updater = updater;
    this.members = members;
    this.hasher = hasher;
    this.entitlements = entitlements;
    this.clock = clock;
  }

  @Override
  public SignedUp signUp(SignUp.Command command) {
    Email email = Email.of(command.email());
    checkPassword(command.password());
    Instant now = clock.instant();
    Organization draft =
        Organization.create(OrganizationId.random(), command.organizationName(), now);
    if (members.findByEmail(email).isPresent()) {
      throw emailTaken();
    }
    Member admin =
        new Member(
            MemberId.random(), draft.id(), email, hasher.hash(command.password()), Role.ADMIN, now);
    Organization organization = organizations.insert(draft);
    Members.AddResult result =
        members.add(admin, entitlements.catalog().free().limit(Metric.USERS));
    if (result instanceof Members.Added added) {
      return new SignedUp(added.member(), organization);
    }
    // Another sign-up took the email in between: undo ours so nothing half-made remains.
    organizations.delete(organization.id());
    if (result instanceof Members.EmailTaken) {
      throw emailTaken();
    }
    throw new IllegalStateException("a new organization has no seat for its first admin");
  }

  @Override
  public LoggedIn logIn(String email, String password) {
    Optional<Member> member;
    try {
      member = members.findByEmail(Email.of(email));
    } catch (InvalidInputException e) {
      member = Optional.empty();
    }
    String given = password == null ? "" : password;
    if (member.isEmpty()) {
      // Spend the same work as a real check, so response time does not reveal unknown emails.
      hasher.matches(given, dummyHash());
      throw new AuthenticationFailedException();
    }
    if (!hasher.matches(given, member.get().passwordHash())) {
      throw new AuthenticationFailedException();
    }
    return new LoggedIn(member.get(), updater.require(member.get().organizationId()));
  }

  @Override
  public AddMember.MemberOutcome addMember(
      OrganizationId organizationId, AddMember.Command command) {
    Email email = Email.of(command.email());
    checkPassword(command.password());
    if (command.role() == null) {
      throw new InvalidInputException("role", "'role' must be 'admin' or 'member'");
    }
    Organization organization = updater.require(organizationId);
    Instant now = clock.instant();
    Plan plan = entitlements.effectivePlan(organization, now);
    Member member =
        new Member(
            MemberId.random(),
            organizationId,
            email,
            hasher.hash(command.password()),
            command.role(),
            now);
    Members.AddResult result = members.add(member, plan.limit(Metric.USERS));
    if (result instanceof Members.Added added) {
      return new AddMember.Added(added.member());
    }
    if (result instanceof Members.EmailTaken) {
      throw emailTaken();
    }
    long count = ((Members.SeatLimitReached) result).members();
    return new AddMember.Refused(
        UsageService.refusal(
            entitlements, plan, MetricDefinition.USERS, count, 1, Optional.empty()));
  }

  @Override
  public List<Member> members(OrganizationId organizationId) {
    updater.require(organizationId);
    return members.list(organizationId);
  }

  @Override
  public Member grantOperator(String email) {
    return setOperator(email, true);
  }

  @Override
  public Member revokeOperator(String email) {
    return setOperator(email, false);
  }

  @Override
  public List<Member> operators() {
    return members.operators();
  }

  @Override
  public boolean isOperator(MemberId id) {
    return members.isOperator(id);
  }

  private Member setOperator(String email, boolean operator) {
    Member member = members.findByEmail(Email.of(email)).orElseThrow(() -> memberNotFound(email));
    // The member may be removed between the lookup and the write: the store's answer decides.
    if (!members.setOperator(member.id(), operator)) {
      throw memberNotFound(email);
    }
    return member;
  }

  private static NotFoundException memberNotFound(String email) {
    return new NotFoundException("member_not_found", "No account has the email '" + email + "'.");
  }

  private static void checkPassword(String password) {
    if (password == null) {
      throw new InvalidInputException("password", "'password' is required");
    }
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 8 || bytes > 72) {
      throw new InvalidInputException(
          "password", "'password' must be 8 to 72 bytes long (got " + bytes + ")");
    }
  }

  private static ConflictException emailTaken() {
    return new ConflictException("email_taken", "An account with this email already exists.");
  }

  private String dummyHash() {
    String hash = dummyHash;
    if (hash == null) {
      hash = hasher.hash("not-a-real-password-" + System.nanoTime());
      dummyHash = hash;
    }
    return hash;
  }
}

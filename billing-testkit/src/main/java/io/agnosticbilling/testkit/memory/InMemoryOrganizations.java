package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.error.ConcurrentUpdateException;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.out.Organizations;
import io.agnosticbilling.domain.port.out.SubscriptionStats;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Adapter: organizations in a map, saved with compare-and-set on their version. */
public final class InMemoryOrganizations implements Organizations {
  private final ConcurrentHashMap<OrganizationId, Organization> byId = new ConcurrentHashMap<>();

  @Override
  public Organization insert(Organization organization) {
    Objects.requireNonNull(organization, "'organization' must not be null");
    if (organization.version() != 0) {
      throw new IllegalArgumentException(
          "only a new organization (version 0) can be inserted, got version "
              + organization.version());
    }
    Organization stored = organization.withVersion(1);
    if (byId.putIfAbsent(organization.id(), stored) != null) {
      throw new ConcurrentUpdateException(
          "organization '" + organization.id() + "' exists already");
    }
    return stored;
  }

  @Override
  public Optional<Organization> find(OrganizationId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Organization> findByCustomerId(String customerId) {
    return byId.values().stream()
        .filter(o -> o.customerId().filter(customerId::equals).isPresent())
        .findFirst();
  }

  @Override
  public Optional<Organization> findBySubscriptionId(String subscriptionId) {
    return byId.values().stream()
        .filter(o -> o.subscription(subscriptionId).isPresent())
        .findFirst();
  }

  @Override
  public Organization save(Organization organization) {
    Objects.requireNonNull(organization, "'organization' must not be null");
    Organization next = organization.withVersion(organization.version() + 1);
    // compute() runs atomically per key: the version check and the write are one step.
    Organization[] saved = new Organization[1];
    byId.computeIfPresent(
        organization.id(),
        (id, current) -> {
          if (current.version() != organization.version()) {
            return current;
          }
          saved[0] = next;
          return next;
        });
    if (saved[0] == null) {
      throw new ConcurrentUpdateException(
          "organization '"
              + organization.id()
              + "' is no longer at version "
              + organization.version());
    }
    return saved[0];
  }

  @Override
  public void delete(OrganizationId id) {
    byId.remove(id);
  }

  @Override
  public SubscriptionStats subscriptionStats(StatsWindow window) {
    List<Organization> all = List.copyOf(byId.values());
    Map<GroupKey, Long> groups = new LinkedHashMap<>();
    for (Organization org : all) {
      org.currentSubscription().ifPresent(s -> groups.merge(GroupKey.of(s, window), 1L, Long::sum));
    }
    List<Subscription> subscriptions =
        all.stream().flatMap(o -> o.subscriptions().stream()).toList();
    long startedToday =
        subscriptions.stream().filter(s -> !s.startedAt().isBefore(window.dayStart())).count();
    long canceledInWindow =
        subscriptions.stream()
            .filter(
                s ->
                    s.canceledAt()
                        .filter(at -> !at.isBefore(window.churnWindowStart()))
                        .isPresent())
            .count();
    long paidAtWindowStart = subscriptions.stream().filter(s -> paidAt(s, window)).count();
    return new SubscriptionStats(
        all.size(),
        groups.entrySet().stream().map(e -> e.getKey().toGroup(e.getValue())).toList(),
        startedToday,
        canceledInWindow,
        paidAtWindowStart);
  }

  private static boolean paidAt(Subscription s, StatsWindow window) {
    boolean startedBefore = s.startedAt().isBefore(window.churnWindowStart());
    boolean canceledBefore =
        s.canceledAt().filter(at -> at.isBefore(window.churnWindowStart())).isPresent();
    boolean incomplete =
        s.status() == SubscriptionStatus.INCOMPLETE
            || s.status() == SubscriptionStatus.INCOMPLETE_EXPIRED;
    return startedBefore && !canceledBefore && !incomplete;
  }

  @Override
  public List<Organization> withSubscriptions() {
    return byId.values().stream()
        .filter(o -> !o.subscriptions().isEmpty())
        .sorted(Comparator.comparing(o -> o.id().value()))
        .toList();
  }

  private record GroupKey(
      SubscriptionStatus status,
      PlanId plan,
      boolean cancelAtPeriodEnd,
      boolean periodEnded,
      boolean withinGrace) {

    static GroupKey of(Subscription s, StatsWindow window) {
      return new GroupKey(
          s.status(),
          s.plan(),
          s.cancelAtPeriodEnd(),
          !s.currentPeriodEnd().isAfter(window.now()),
          s.currentPeriodStart().isAfter(window.graceCutoff()));
    }

    SubscriptionStats.Group toGroup(long count) {
      return new SubscriptionStats.Group(
          status, plan, cancelAtPeriodEnd, periodEnded, withinGrace, count);
    }
  }
}

package io.agnosticbilling.domain.organization;

import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanCatalog;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import io.agnosticbilling.domain.subscription.Entitlement;
import io.agnosticbilling.domain.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Aggregate: a customer organization with its provider customer, its subscriptions (one entry per
 * provider subscription id) and a version used for compare-and-set saves. The effective plan is
 * derived from this state and the clock, never stored.
 */
public final class Organization {
  private final OrganizationId id;
  private final String name;
  private final Instant createdAt;
  private final Optional<String> customerId;
  private final Map<String, Subscription> subscriptions;
  private final Optional<PaymentRecord> lastPayment;
  private final Optional<Instant> trialOfferedAt;
  private final long version;

  private Organization(
      OrganizationId id,
      String name,
      Instant createdAt,
      Optional<String> customerId,
      Map<String, Subscription> subscriptions,
      Optional<PaymentRecord> lastPayment,
      Optional<Instant> trialOfferedAt,
      long version) {
    this.id = Objects.requireNonNull(id, "'id' must not be null");
    this.name = Objects.requireNonNull(name, "'name' must not be null");
    this.createdAt = Objects.requireNonNull(createdAt, "'createdAt' must not be null");
    this.customerId = Objects.requireNonNull(customerId, "'customerId' must not be null");
    this.lastPayment = Objects.requireNonNull(lastPayment, "'lastPayment' must not be null");
    this.trialOfferedAt =
        Objects.requireNonNull(trialOfferedAt, "'trialOfferedAt' must not be null");
    Map<String, Subscription> copy = new LinkedHashMap<>();
    subscriptions.values().stream()
        .sorted(Comparator.comparing(Subscription::id))
        .forEach(s -> copy.put(s.id(), s));
    this.subscriptions = Collections.unmodifiableMap(copy);
    if (version < 0) {
      throw new IllegalArgumentException("'version' must not be negative");
    }
    this.version = version;
  }

  /** A new organization on the free plan, never saved yet (version 0). */
  public static Organization create(OrganizationId id, String name, Instant now) {
    String checked = OrganizationName.of(name).value();
    return new Organization(
        id, checked, now, Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), 0);
  }

  /** An organization rebuilt from storage that recorded no trial offer. */
  public static Organization restore(
      OrganizationId id,
      String name,
      Instant createdAt,
      Optional<String> customerId,
      List<Subscription> subscriptions,
      Optional<PaymentRecord> lastPayment,
      long version) {
    return restore(
        id, name, createdAt, customerId, subscriptions, lastPayment, Optional.empty(), version);
  }

  /** An organization rebuilt from storage exactly as it was saved. */
  public static Organization restore(
      OrganizationId id,
      String name,
      Instant createdAt,
      Optional<String> customerId,
      List<Subscription> subscriptions,
      Optional<PaymentRecord> lastPayment,
      Optional<Instant> trialOfferedAt,
      long version) {
    Map<String, Subscription> byId = new LinkedHashMap<>();
    for (Subscription s : subscriptions) {
      if (byId.put(s.id(), s) != null) {
        throw new IllegalArgumentException("subscription '" + s.id() + "' is stored twice");
      }
    }
    return new Organization(
        id, name, createdAt, customerId, byId, lastPayment, trialOfferedAt, version);
  }

  public OrganizationId id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Optional<String> customerId() {
    return customerId;
  }

  public List<Subscription> subscriptions() {
    return List.copyOf(subscriptions.values());
  }

  public Optional<Subscription> subscription(String subscriptionId) {
    return Optional.ofNullable(subscriptions.get(subscriptionId));
  }

  public Optional<PaymentRecord> lastPayment() {
    return lastPayment;
  }

  public long version() {
    return version;
  }

  /** When a Checkout session last offered this organization a trial (the offer's hold). */
  public Optional<Instant> trialOfferedAt() {
    return trialOfferedAt;
  }

  /**
   * Whether a Checkout started at {@code now} may offer a trial: the organization has never had a
   * subscription (every id seen is kept), and no other Checkout session holding the offer can still
   * be completed (an offer made at least {@code hold} ago has expired with its session).
   */
  public boolean mayOfferTrial(Instant now, Duration hold) {
    return subscriptions.isEmpty()
        && trialOfferedAt.map(at -> !now.isBefore(at.plus(hold))).orElse(true);
  }

  /** This organization with a trial offered at {@code at}, or the offer withdrawn (empty). */
  public Organization withTrialOfferedAt(Optional<Instant> at) {
    return new Organization(
        id, name, createdAt, customerId, subscriptions, lastPayment, at, version);
  }

  /**
   * The subscription the organization is billed by: the most recently started one that is not
   * terminal, else the most recently started one.
   */
  public Optional<Subscription> currentSubscription() {
    // Plain loops: every usage record asks this (it was a stream pipeline per call).
    Subscription live = null;
    Subscription any = null;
    for (Subscription s : subscriptions.values()) {
      if (any == null || NEWEST.compare(any, s) < 0) {
        any = s;
      }
      if (!s.status().isTerminal() && (live == null || NEWEST.compare(live, s) < 0)) {
        live = s;
      }
    }
    return Optional.ofNullable(live != null ? live : any);
  }

  private static final Comparator<Subscription> NEWEST =
      Comparator.comparing(Subscription::startedAt).thenComparing(Subscription::id);

  /** The entitlement of the current subscription, if it grants a paid plan at all. */
  public Optional<Entitlement> entitlement(AccessPolicy policy) {
    return currentSubscription().flatMap(policy::entitlement);
  }

  /** The plan whose limits apply at {@code now}. */
  public Plan effectivePlan(PlanCatalog catalog, AccessPolicy policy, Instant now) {
    return entitlement(policy)
        .filter(e -> e.grantsAt(now))
        .flatMap(e -> catalog.find(e.plan()))
        .orElse(catalog.free());
  }

  public Organization withCustomerId(String customerId) {
    return new Organization(
        id,
        name,
        createdAt,
        Optional.of(customerId),
        subscriptions,
        lastPayment,
        trialOfferedAt,
        version);
  }

  public Organization withSubscription(Subscription subscription) {
    Map<String, Subscription> copy = new LinkedHashMap<>(subscriptions);
    copy.put(subscription.id(), subscription);
    Optional<String> customer =
        customerId.isPresent() ? customerId : Optional.of(subscription.customerId());
    return new Organization(
        id, name, createdAt, customer, copy, lastPayment, trialOfferedAt, version);
  }

  public Organization withLastPayment(PaymentRecord payment) {
    return new Organization(
        id,
        name,
        createdAt,
        customerId,
        subscriptions,
        Optional.of(payment),
        trialOfferedAt,
        version);
  }

  /** The same state at another version; adapters call it after a compare-and-set save. */
  public Organization withVersion(long newVersion) {
    return new Organization(
        id, name, createdAt, customerId, subscriptions, lastPayment, trialOfferedAt, newVersion);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Organization other
        && id.equals(other.id)
        && name.equals(other.name)
        && createdAt.equals(other.createdAt)
        && customerId.equals(other.customerId)
        && subscriptions.equals(other.subscriptions)
        && lastPayment.equals(other.lastPayment)
        && trialOfferedAt.equals(other.trialOfferedAt)
        && version == other.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Organization[id="
        + id
        + ", name="
        + name
        + ", customerId="
        + customerId
        + ", subscriptions="
        + subscriptions.values()
        + ", version="
        + version
        + "]";
  }
}

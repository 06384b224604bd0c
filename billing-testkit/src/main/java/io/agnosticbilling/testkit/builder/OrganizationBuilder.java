package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.organization.PaymentRecord;
import io.agnosticbilling.domain.subscription.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test-data builder: organization {@code org_1} "Acme", new (version 0), without customer. */
public final class OrganizationBuilder {
  private OrganizationId id = OrganizationId.of("org_1");
  private String name = "Acme";
  private Instant createdAt = Builders.T0;
  private Optional<String> customerId = Optional.empty();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private Optional<PaymentRecord> lastPayment = Optional.empty();
  private long version;

  OrganizationBuilder() {}

  public OrganizationBuilder id(String id) {
    return id(OrganizationId.of(id));
  }

  public OrganizationBuilder id(OrganizationId id) {
    this.id = id;
    return this;
  }

  public OrganizationBuilder name(String name) {
    this.name = name;
    return this;
  }

  public OrganizationBuilder createdAt(Instant at) {
    this.createdAt = at;
    return this;
  }

  public OrganizationBuilder customer(String customerId) {
    this.customerId = Optional.of(customerId);
    return this;
  }

  /** Adds a subscription; the organization's customer defaults to the subscription's. */
  public OrganizationBuilder subscription(Subscription subscription) {
    subscriptions.add(subscription);
    if (customerId.isEmpty()) {
      customerId = Optional.of(subscription.customerId());
    }
    return this;
  }

  public OrganizationBuilder subscription(SubscriptionBuilder subscription) {
    return subscription(subscription.build());
  }

  public OrganizationBuilder lastPayment(PaymentRecord payment) {
    this.lastPayment = Optional.of(payment);
    return this;
  }

  public OrganizationBuilder version(long version) {
    this.version = version;
    return this;
  }

  public Organization build() {
    return Organization.restore(
        id, name, createdAt, customerId, subscriptions, lastPayment, version);
  }
}

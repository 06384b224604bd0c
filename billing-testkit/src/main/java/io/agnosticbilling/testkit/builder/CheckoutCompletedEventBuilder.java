package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.event.BillingEvent.CheckoutCompleted;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Instant;
import java.util.Optional;

/**
 * Test-data builder: {@code checkout.session.completed} for session {@code cs_test_1} of {@code
 * org_1}, linking customer {@code cus_1} and subscription {@code sub_1}.
 */
public final class CheckoutCompletedEventBuilder {
  private final EventHeaderBuilder header =
      new EventHeaderBuilder().type("checkout.session.completed");
  private String sessionId = "cs_test_1";
  private Optional<OrganizationId> organizationId = Optional.of(OrganizationId.of("org_1"));
  private Optional<String> customerId = Optional.of("cus_1");
  private Optional<String> subscriptionId = Optional.of("sub_1");
  private boolean complete = true;

  CheckoutCompletedEventBuilder() {}

  public CheckoutCompletedEventBuilder eventId(String id) {
    header.id(id);
    return this;
  }

  public CheckoutCompletedEventBuilder created(Instant created) {
    header.created(created);
    return this;
  }

  public CheckoutCompletedEventBuilder livemode(boolean livemode) {
    header.livemode(livemode);
    return this;
  }

  public CheckoutCompletedEventBuilder session(String sessionId) {
    this.sessionId = sessionId;
    return this;
  }

  public CheckoutCompletedEventBuilder organization(String organizationId) {
    this.organizationId = Optional.of(OrganizationId.of(organizationId));
    return this;
  }

  /** No {@code client_reference_id}: the organization must come from the customer id. */
  public CheckoutCompletedEventBuilder withoutOrganization() {
    this.organizationId = Optional.empty();
    return this;
  }

  public CheckoutCompletedEventBuilder customer(String customerId) {
    this.customerId = Optional.of(customerId);
    return this;
  }

  public CheckoutCompletedEventBuilder subscription(String subscriptionId) {
    this.subscriptionId = Optional.of(subscriptionId);
    return this;
  }

  public CheckoutCompletedEventBuilder incomplete() {
    this.complete = false;
    return this;
  }

  public CheckoutSessionInfo session() {
    return new CheckoutSessionInfo(sessionId, organizationId, customerId, subscriptionId, complete);
  }

  public CheckoutCompleted build() {
    return new CheckoutCompleted(header.build(), session());
  }
}

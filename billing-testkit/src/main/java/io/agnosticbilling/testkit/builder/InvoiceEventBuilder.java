package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Test-data builder: invoice {@code in_1} of {@code sub_1} for $99.00, paid unless {@link
 * #failed()} is called (then attempt 1, next attempt three days later).
 */
public final class InvoiceEventBuilder {
  private final EventHeaderBuilder header =
      new EventHeaderBuilder().type("invoice.payment_succeeded");
  private boolean paid = true;
  private String invoiceId = "in_1";
  private String customerId = "cus_1";
  private Optional<String> subscriptionId = Optional.of("sub_1");
  private Optional<OrganizationId> organizationId = Optional.of(OrganizationId.of("org_1"));
  private long amountMinor = 9900;
  private String currency = "usd";
  private int attemptCount = 1;
  private Optional<Instant> nextAttemptAt = Optional.empty();
  private Optional<Instant> periodStart = Optional.of(Builders.T0);
  private Optional<Instant> periodEnd = Optional.of(Builders.T0.plus(Duration.ofDays(31)));

  InvoiceEventBuilder() {}

  public InvoiceEventBuilder paid() {
    paid = true;
    header.type("invoice.payment_succeeded");
    nextAttemptAt = Optional.empty();
    return this;
  }

  public InvoiceEventBuilder failed() {
    paid = false;
    header.type("invoice.payment_failed");
    nextAttemptAt = Optional.of(Builders.T0.plus(Duration.ofDays(3)));
    return this;
  }

  public InvoiceEventBuilder eventId(String id) {
    header.id(id);
    return this;
  }

  public InvoiceEventBuilder created(Instant created) {
    header.created(created);
    return this;
  }

  public InvoiceEventBuilder livemode(boolean livemode) {
    header.livemode(livemode);
    return this;
  }

  public InvoiceEventBuilder invoiceId(String id) {
    this.invoiceId = id;
    return this;
  }

  public InvoiceEventBuilder customer(String customerId) {
    this.customerId = customerId;
    return this;
  }

  public InvoiceEventBuilder subscription(String subscriptionId) {
    this.subscriptionId = Optional.of(subscriptionId);
    return this;
  }

  public InvoiceEventBuilder withoutSubscription() {
    this.subscriptionId = Optional.empty();
    return this;
  }

  public InvoiceEventBuilder organization(String organizationId) {
    this.organizationId = Optional.of(OrganizationId.of(organizationId));
    return this;
  }

  public InvoiceEventBuilder withoutOrganization() {
    this.organizationId = Optional.empty();
    return this;
  }

  public InvoiceEventBuilder amount(long amountMinor, String currency) {
    this.amountMinor = amountMinor;
    this.currency = currency;
    return this;
  }

  public InvoiceEventBuilder attemptCount(int attempts) {
    this.attemptCount = attempts;
    return this;
  }

  public InvoiceEventBuilder nextAttemptAt(Optional<Instant> at) {
    this.nextAttemptAt = at;
    return this;
  }

  public InvoiceEventBuilder period(Instant start, Instant end) {
    this.periodStart = Optional.of(start);
    this.periodEnd = Optional.of(end);
    return this;
  }

  public InvoiceInfo invoice() {
    return new InvoiceInfo(
        invoiceId,
        customerId,
        subscriptionId,
        organizationId,
        amountMinor,
        currency,
        attemptCount,
        nextAttemptAt,
        periodStart,
        periodEnd);
  }

  /** {@link BillingEvent.InvoicePaid} or {@link BillingEvent.InvoicePaymentFailed}. */
  public BillingEvent build() {
    return paid
        ? new BillingEvent.InvoicePaid(header.build(), invoice())
        : new BillingEvent.InvoicePaymentFailed(header.build(), invoice());
  }
}

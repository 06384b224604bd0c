package io.agnosticbilling.testkit.builder;

import io.agnosticbilling.domain.event.BillingEvent;
import java.time.Instant;

/**
 * Test-data entry point: one static factory per builder, each starting from sensible defaults
 * (organization {@code org_1}, customer {@code cus_1}, subscription {@code sub_1} on {@code
 * price_team}, all times around {@link #T0}), so a test states only what it is about.
 */
public final class Builders {
  /** The default instant every builder's times are anchored to: 2025-03-01T00:00:00Z. */
  public static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

  private Builders() {}

  public static SubscriptionSnapshotBuilder aSubscriptionSnapshot() {
    return new SubscriptionSnapshotBuilder();
  }

  public static SubscriptionBuilder aSubscription() {
    return new SubscriptionBuilder();
  }

  public static OrganizationBuilder anOrganization() {
    return new OrganizationBuilder();
  }

  public static MemberBuilder aMember() {
    return new MemberBuilder();
  }

  public static EventHeaderBuilder anEventHeader() {
    return new EventHeaderBuilder();
  }

  public static SubscriptionEventBuilder aSubscriptionEvent(
      BillingEvent.SubscriptionChanged.Change change) {
    return new SubscriptionEventBuilder(change);
  }

  public static InvoiceEventBuilder anInvoiceEvent() {
    return new InvoiceEventBuilder();
  }

  public static CheckoutCompletedEventBuilder aCheckoutCompletedEvent() {
    return new CheckoutCompletedEventBuilder();
  }

  public static UsageRequestBuilder aUsageRequest() {
    return new UsageRequestBuilder();
  }

  public static UsageAlertBuilder aUsageAlert() {
    return new UsageAlertBuilder();
  }
}

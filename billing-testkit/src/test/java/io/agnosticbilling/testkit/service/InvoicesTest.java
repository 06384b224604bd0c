package io.agnosticbilling.testkit.service;

import static io.agnosticbilling.testkit.service.Seed.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.invoice.InvoiceSummary;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.port.in.ListInvoices;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.testkit.InMemoryBilling;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The invoice list comes from the provider, newest first, within its limit. */
class InvoicesTest {
  final InMemoryBilling fixture = new InMemoryBilling(NOW);

  @Test
  @DisplayName("the customer's invoices, newest first, at most 'limit'")
  void newestFirstWithinLimit() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");
    fixture.provider.putInvoice("cus_1", invoice("in_1", 0));
    fixture.provider.putInvoice("cus_1", invoice("in_3", 60));
    fixture.provider.putInvoice("cus_1", invoice("in_2", 30));
    fixture.provider.putInvoice("cus_other", invoice("in_9", 90));

    assertThat(fixture.billing.invoices(org, 2))
        .extracting(InvoiceSummary::id)
        .containsExactly("in_3", "in_2");
    assertThat(fixture.billing.invoices(org, ListInvoices.MAX_LIMIT)).hasSize(3);
  }

  @Test
  @DisplayName("an organization without a provider customer has no invoices, and no call is made")
  void noCustomerNoInvoices() {
    OrganizationId org = Seed.organization(fixture, "org_1");

    assertThat(fixture.billing.invoices(org, ListInvoices.DEFAULT_LIMIT)).isEmpty();
    assertThat(fixture.provider.calls("listInvoices")).isEmpty();
  }

  @Test
  @DisplayName("a limit outside 1 to 100 is refused before the provider is asked")
  void limitBounds() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");

    for (int bad : new int[] {0, -1, ListInvoices.MAX_LIMIT + 1}) {
      assertThatThrownBy(() -> fixture.billing.invoices(org, bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("limit");
    }
    assertThat(fixture.provider.calls("listInvoices")).isEmpty();
  }

  @Test
  @DisplayName("without payments configured the list is refused as 'payments off'")
  void paymentsOff() {
    OrganizationId org = Seed.organizationWithCustomer(fixture, "org_1", "cus_1");
    Billing off =
        Seed.anotherInstance(
            fixture,
            fixture.organizations,
            PaymentProvider.notConfigured(),
            fixture.billing.catalog());

    assertThatThrownBy(() -> off.invoices(org, 10))
        .isInstanceOf(PaymentsNotConfiguredException.class);
  }

  private static InvoiceSummary invoice(String id, int minutes) {
    return new InvoiceSummary(
        id,
        Optional.of("NUM-" + id),
        "paid",
        Money.usd(9900),
        NOW.plus(Duration.ofMinutes(minutes)),
        NOW,
        NOW.plus(Duration.ofDays(30)),
        Optional.of("https://invoice.test/" + id),
        Optional.of("https://invoice.test/" + id + ".pdf"));
  }
}

package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.util.Optional;
import java.util.stream.Stream;

/** The payment provider of a deployment without payments: refuses every call. */
final class NotConfiguredPaymentProvider implements PaymentProvider {
  static final NotConfiguredPaymentProvider INSTANCE = new NotConfiguredPaymentProvider();

  private NotConfiguredPaymentProvider() {}

  @Override
  public boolean configured() {
    return false;
  }

  @Override
  public boolean livemode() {
    return false;
  }

  @Override
  public String createCustomer(OrganizationId organizationId, String name, String email) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public CheckoutSessionCreated createCheckoutSession(CheckoutRequest request) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public Optional<String> findPromotionCode(String code) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public Optional<CheckoutSessionInfo> fetchCheckoutSession(String sessionId) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public String createPortalSession(String customerId) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public SubscriptionSnapshot changePrice(String subscriptionId, String newPriceId) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public SubscriptionSnapshot cancelAtPeriodEnd(String subscriptionId) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public SubscriptionSnapshot resume(String subscriptionId) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public Optional<SubscriptionSnapshot> fetchSubscription(String subscriptionId) {
    throw new PaymentsNotConfiguredException();
  }

  @Override
  public Stream<Listed> listSubscriptions() {
    throw new PaymentsNotConfiguredException();
  }
}

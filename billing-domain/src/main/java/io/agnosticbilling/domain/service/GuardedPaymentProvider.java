package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ProviderCallInTransaction;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.invoice.InvoiceSummary;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Decorator of the payment provider the facade wires into its services: while the current thread
 * runs work given to {@link #refusingCalls} (a transaction that must not wait on the network, see
 * {@code Transactions.mayWaitOnNetwork()}), every call that would reach the provider throws {@link
 * ProviderCallInTransaction} instead, before any network wait. Outside such work it only delegates.
 * {@link #livemode()} and {@link #configured()} are answered from the configuration, so they are
 * never refused.
 */
public final class GuardedPaymentProvider implements PaymentProvider {
  private final PaymentProvider delegate;
  private final ThreadLocal<Boolean> refusing = new ThreadLocal<>();

  public GuardedPaymentProvider(PaymentProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "'delegate' must not be null");
  }

  /**
   * Runs {@code work} on this thread with provider calls refused: it throws {@link
   * ProviderCallInTransaction} at the first one, which the caller catches once the transaction
   * around the work has been rolled back.
   */
  public <T> T refusingCalls(Supplier<T> work) {
    Boolean outer = refusing.get();
    refusing.set(Boolean.TRUE);
    try {
      return work.get();
    } finally {
      if (outer == null) {
        refusing.remove();
      } else {
        refusing.set(outer);
      }
    }
  }

  private PaymentProvider allowed(String call) {
    if (refusing.get() != null) {
      throw new ProviderCallInTransaction(call);
    }
    return delegate;
  }

  @Override
  public boolean livemode() {
    return delegate.livemode();
  }

  @Override
  public boolean configured() {
    return delegate.configured();
  }

  @Override
  public String createCustomer(
      OrganizationId organizationId, String organizationName, String email) {
    return allowed("createCustomer").createCustomer(organizationId, organizationName, email);
  }

  @Override
  public CheckoutSessionCreated createCheckoutSession(CheckoutRequest request) {
    return allowed("createCheckoutSession").createCheckoutSession(request);
  }

  @Override
  public Optional<String> findPromotionCode(String code) {
    return allowed("findPromotionCode").findPromotionCode(code);
  }

  @Override
  public Optional<CheckoutSessionInfo> fetchCheckoutSession(String sessionId) {
    return allowed("fetchCheckoutSession").fetchCheckoutSession(sessionId);
  }

  @Override
  public String createPortalSession(String customerId) {
    return allowed("createPortalSession").createPortalSession(customerId);
  }

  @Override
  public SubscriptionSnapshot changePrice(String subscriptionId, String newPriceId) {
    return allowed("changePrice").changePrice(subscriptionId, newPriceId);
  }

  @Override
  public SubscriptionSnapshot cancelAtPeriodEnd(String subscriptionId) {
    return allowed("cancelAtPeriodEnd").cancelAtPeriodEnd(subscriptionId);
  }

  @Override
  public SubscriptionSnapshot resume(String subscriptionId) {
    return allowed("resume").resume(subscriptionId);
  }

  @Override
  public SubscriptionSnapshot schedulePriceChange(
      OrganizationId organizationId, String subscriptionId, String newPriceId, Instant at) {
    return allowed("schedulePriceChange")
        .schedulePriceChange(organizationId, subscriptionId, newPriceId, at);
  }

  @Override
  public SubscriptionSnapshot releaseSchedule(
      OrganizationId organizationId, String subscriptionId) {
    return allowed("releaseSchedule").releaseSchedule(organizationId, subscriptionId);
  }

  @Override
  public SubscriptionSnapshot cancelNow(OrganizationId organizationId, String subscriptionId) {
    return allowed("cancelNow").cancelNow(organizationId, subscriptionId);
  }

  @Override
  public Optional<SubscriptionSnapshot> fetchSubscription(String subscriptionId) {
    return allowed("fetchSubscription").fetchSubscription(subscriptionId);
  }

  @Override
  public List<InvoiceSummary> listInvoices(String customerId, int limit) {
    return allowed("listInvoices").listInvoices(customerId, limit);
  }

  @Override
  public Stream<Listed> listSubscriptions() {
    return allowed("listSubscriptions").listSubscriptions();
  }
}

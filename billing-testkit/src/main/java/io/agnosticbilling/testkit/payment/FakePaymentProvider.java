package io.agnosticbilling.testkit.payment;

import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.testkit.builder.SubscriptionSnapshotBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Adapter: a payment provider held in memory. Records every call, serves subscriptions and Checkout
 * sessions that tests seed or complete, and fails on demand. Ids follow Stripe's test shapes
 * ({@code cus_test_1}, {@code cs_test_1}); thread-safe.
 */
public final class FakePaymentProvider implements PaymentProvider {
  /** One call as the domain made it: the method name and its arguments in order. */
  public record Call(String method, List<Object> arguments) {
    public Call {
      Objects.requireNonNull(method, "'method' must not be null");
      arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
    }
  }

  private final Object lock = new Object();
  private final List<Call> calls = new ArrayList<>();
  // Insertion order doubles as the listing order, so listSubscriptions() is deterministic.
  private final Map<String, SubscriptionSnapshot> subscriptions = new LinkedHashMap<>();
  private final Map<String, String> unreadable = new LinkedHashMap<>();
  private final Map<String, CheckoutSessionInfo> sessions = new LinkedHashMap<>();
  private final Map<String, CheckoutRequest> sessionRequests = new LinkedHashMap<>();
  private final Map<OrganizationId, String> customers = new LinkedHashMap<>();
  private final Map<String, String> promotionCodes = new LinkedHashMap<>();
  private final AtomicReference<PaymentProviderException> nextFailure = new AtomicReference<>();
  private final AtomicReference<PaymentProviderException> permanentFailure =
      new AtomicReference<>();
  private volatile boolean livemode;
  private int sessionCounter;
  private int portalCounter;

  /** Answers as a test-mode key would; see {@link #livemode(boolean)}. */
  public FakePaymentProvider() {}

  public FakePaymentProvider livemode(boolean livemode) {
    this.livemode = livemode;
    return this;
  }

  @Override
  public boolean livemode() {
    return livemode;
  }

  // ---- seeding and inspection -------------------------------------------------------------

  /** Stores (or replaces) what the provider knows about this subscription. */
  public FakePaymentProvider putSubscription(SubscriptionSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "'snapshot' must not be null");
    synchronized (lock) {
      subscriptions.put(snapshot.subscriptionId(), snapshot);
    }
    return this;
  }

  /**
   * Lists a subscription the adapter could not read (a shape it does not know), with the reason; it
   * is listed after the readable ones.
   */
  public FakePaymentProvider putUnreadable(String subscriptionId, String reason) {
    synchronized (lock) {
      unreadable.put(subscriptionId, reason);
    }
    return this;
  }

  /** Forgets a subscription, as if it had been deleted at the provider. */
  public FakePaymentProvider removeSubscription(String subscriptionId) {
    synchronized (lock) {
      subscriptions.remove(subscriptionId);
    }
    return this;
  }

  public Optional<SubscriptionSnapshot> subscription(String subscriptionId) {
    synchronized (lock) {
      return Optional.ofNullable(subscriptions.get(subscriptionId));
    }
  }

  /**
   * The customer paid: the session becomes complete, linked to the subscription's customer and id,
   * and the subscription becomes known to the provider.
   *
   * @throws IllegalArgumentException when no session with this id was created or seeded
   */
  public FakePaymentProvider completeCheckout(String sessionId, SubscriptionSnapshot subscription) {
    Objects.requireNonNull(subscription, "'subscription' must not be null");
    synchronized (lock) {
      CheckoutSessionInfo session = sessions.get(sessionId);
      if (session == null) {
        throw new IllegalArgumentException("no Checkout session '" + sessionId + "' to complete");
      }
      sessions.put(
          sessionId,
          new CheckoutSessionInfo(
              sessionId,
              session.organizationId(),
              Optional.of(subscription.customerId()),
              Optional.of(subscription.subscriptionId()),
              true));
      subscriptions.put(subscription.subscriptionId(), subscription);
    }
    return this;
  }

  /** Stores (or replaces) a Checkout session, e.g. one this provider never created. */
  public FakePaymentProvider putCheckoutSession(CheckoutSessionInfo session) {
    Objects.requireNonNull(session, "'session' must not be null");
    synchronized (lock) {
      sessions.put(session.sessionId(), session);
    }
    return this;
  }

  /** The request a session was created for, to check what the domain asked for. */
  /** An active promotion code customers may type, with the provider's id for it. */
  public FakePaymentProvider putPromotionCode(String code, String promotionCodeId) {
    synchronized (lock) {
      promotionCodes.put(code, promotionCodeId);
    }
    return this;
  }

  public Optional<CheckoutRequest> checkoutRequest(String sessionId) {
    synchronized (lock) {
      return Optional.ofNullable(sessionRequests.get(sessionId));
    }
  }

  public Optional<String> customerOf(OrganizationId organizationId) {
    synchronized (lock) {
      return Optional.ofNullable(customers.get(organizationId));
    }
  }

  /** Every call so far, oldest first, including calls that were made to fail. */
  public List<Call> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /** The calls of one method, oldest first. */
  public List<Call> calls(String method) {
    return calls().stream().filter(c -> c.method().equals(method)).toList();
  }

  // ---- failure injection ------------------------------------------------------------------

  /** The next call (any method except {@link #livemode()}) throws {@code failure}, once. */
  public FakePaymentProvider failNext(PaymentProviderException failure) {
    nextFailure.set(Objects.requireNonNull(failure, "'failure' must not be null"));
    return this;
  }

  /** Every call throws {@code failure} until {@link #recover()}. */
  public FakePaymentProvider failAlways(PaymentProviderException failure) {
    permanentFailure.set(Objects.requireNonNull(failure, "'failure' must not be null"));
    return this;
  }

  /** Clears both kinds of failure. */
  public FakePaymentProvider recover() {
    nextFailure.set(null);
    permanentFailure.set(null);
    return this;
  }

  // ---- the port ---------------------------------------------------------------------------

  @Override
  public String createCustomer(
      OrganizationId organizationId, String organizationName, String email) {
    call("createCustomer", organizationId, organizationName, email);
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    synchronized (lock) {
      return customers.computeIfAbsent(organizationId, id -> "cus_test_" + (customers.size() + 1));
    }
  }

  @Override
  public CheckoutSessionCreated createCheckoutSession(CheckoutRequest request) {
    call("createCheckoutSession", request);
    Objects.requireNonNull(request, "'request' must not be null");
    synchronized (lock) {
      String id = "cs_test_" + (++sessionCounter);
      sessions.put(
          id,
          new CheckoutSessionInfo(
              id,
              Optional.of(request.organizationId()),
              Optional.of(request.customerId()),
              Optional.empty(),
              false));
      sessionRequests.put(id, request);
      return new CheckoutSessionCreated(id, "https://checkout.fake.test/c/pay/" + id);
    }
  }

  @Override
  public Optional<String> findPromotionCode(String code) {
    call("findPromotionCode", code);
    synchronized (lock) {
      return Optional.ofNullable(promotionCodes.get(code));
    }
  }

  @Override
  public Optional<CheckoutSessionInfo> fetchCheckoutSession(String sessionId) {
    call("fetchCheckoutSession", sessionId);
    synchronized (lock) {
      return Optional.ofNullable(sessions.get(sessionId));
    }
  }

  @Override
  public String createPortalSession(String customerId) {
    call("createPortalSession", customerId);
    synchronized (lock) {
      return "https://billing.fake.test/p/session/bps_test_" + (++portalCounter);
    }
  }

  @Override
  public SubscriptionSnapshot changePrice(String subscriptionId, String newPriceId) {
    call("changePrice", subscriptionId, newPriceId);
    return update(subscriptionId, s -> s.price(newPriceId));
  }

  @Override
  public SubscriptionSnapshot cancelAtPeriodEnd(String subscriptionId) {
    call("cancelAtPeriodEnd", subscriptionId);
    return update(subscriptionId, s -> s.cancelAtPeriodEnd(true));
  }

  @Override
  public SubscriptionSnapshot resume(String subscriptionId) {
    call("resume", subscriptionId);
    return update(subscriptionId, s -> s.cancelAtPeriodEnd(false));
  }

  @Override
  public Optional<SubscriptionSnapshot> fetchSubscription(String subscriptionId) {
    call("fetchSubscription", subscriptionId);
    return subscription(subscriptionId);
  }

  @Override
  public Stream<Listed> listSubscriptions() {
    call("listSubscriptions");
    synchronized (lock) {
      List<Listed> listed = new ArrayList<>();
      subscriptions.values().forEach(s -> listed.add(new Listed.Read(s)));
      unreadable.forEach((id, reason) -> listed.add(new Listed.Unreadable(id, reason)));
      return listed.stream();
    }
  }

  /** Records the call, then throws the injected failure, if any. */
  private void call(String method, Object... arguments) {
    synchronized (lock) {
      calls.add(new Call(method, Arrays.asList(arguments)));
    }
    PaymentProviderException failure = nextFailure.getAndSet(null);
    if (failure == null) {
      failure = permanentFailure.get();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private SubscriptionSnapshot update(
      String subscriptionId, UnaryOperator<SubscriptionSnapshotBuilder> change) {
    synchronized (lock) {
      SubscriptionSnapshot current = subscriptions.get(subscriptionId);
      if (current == null) {
        throw new PaymentProviderException(
            PaymentProviderException.Kind.INVALID_REQUEST,
            "No such subscription: '" + subscriptionId + "'");
      }
      // Like Stripe: a canceled subscription can no longer be updated.
      if (current.status().isTerminal()) {
        throw new PaymentProviderException(
            PaymentProviderException.Kind.INVALID_REQUEST,
            "Subscription '"
                + subscriptionId
                + "' is "
                + current.status().wireName()
                + " and can no longer be updated");
      }
      SubscriptionSnapshot next = change.apply(SubscriptionSnapshotBuilder.from(current)).build();
      subscriptions.put(subscriptionId, next);
      return next;
    }
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.error.TooManyCheckoutsException;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.Plan;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.port.in.BillingOverview;
import io.agnosticbilling.domain.port.in.CancelSubscription;
import io.agnosticbilling.domain.port.in.ChangePlan;
import io.agnosticbilling.domain.port.in.ConfirmCheckout;
import io.agnosticbilling.domain.port.in.OpenCustomerPortal;
import io.agnosticbilling.domain.port.in.ResumeSubscription;
import io.agnosticbilling.domain.port.in.StartCheckout;
import io.agnosticbilling.domain.port.out.CheckoutSessions;
import io.agnosticbilling.domain.port.out.CheckoutSessions.CheckoutRecord;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutRequest;
import io.agnosticbilling.domain.port.out.PaymentProvider.CheckoutSessionCreated;
import io.agnosticbilling.domain.port.out.RateLimiter;
import io.agnosticbilling.domain.service.OrganizationUpdater.Change;
import io.agnosticbilling.domain.subscription.Subscription;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Use cases that act on the provider: Checkout (start and confirm), the Customer Portal, plan
 * change, cancel and resume. Each answer of the provider is applied through the same path as the
 * webhooks, so the webhook that follows is a no-op.
 */
public final class SubscriptionService
    implements StartCheckout,
        ConfirmCheckout,
        OpenCustomerPortal,
        ChangePlan,
        CancelSubscription,
        ResumeSubscription {
  /** Statuses in which a subscription can be changed, canceled or resumed. */
  private static final Set<SubscriptionStatus> LIVE =
      Set.of(SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE);

  private static final String CHECKOUT_THROTTLE_KEY = "checkout:org:";

  private final OrganizationUpdater updater;
  private final Entitlements entitlements;
  private final SubscriptionApplier applier;
  private final OverviewService overviews;
  private final PaymentProvider provider;
  private final CheckoutSessions checkoutSessions;
  private final RateLimiter checkoutLimiter;
  private final RateLimiter.Limit checkoutLimit;
  private final Clock clock;

  SubscriptionService(
      OrganizationUpdater updater,
      Entitlements entitlements,
      SubscriptionApplier applier,
      OverviewService overviews,
      PaymentProvider provider,
      CheckoutSessions checkoutSessions,
      RateLimiter checkoutLimiter,
      RateLimiter.Limit checkoutLimit,
      Clock clock) {
    this.updater = updater;
    this.entitlements = entitlements;
    this.applier = applier;
    this.overviews = overviews;
    this.provider = provider;
    this.checkoutSessions = checkoutSessions;
    this.checkoutLimiter = checkoutLimiter;
    this.checkoutLimit = checkoutLimit;
    this.clock = clock;
  }

  @Override
  public CheckoutSessionCreated startCheckout(
      OrganizationId organizationId, PlanId planId, Email payer) {
    // Each session is a provider call: a client stuck in a loop should not turn into thousands.
    // The place is taken first (check and count in one step), so a burst never passes the limit,
    // and given back when no session was created.
    String throttleKey = CHECKOUT_THROTTLE_KEY + organizationId.value();
    RateLimiter.Attempt attempt = checkoutLimiter.attempt(throttleKey, checkoutLimit);
    if (attempt instanceof RateLimiter.Refused refused) {
      throw new TooManyCheckoutsException(refused.retryAfter());
    }
    try {
      return createCheckout(organizationId, planId, payer);
    } catch (RuntimeException e) {
      checkoutLimiter.release(throttleKey, (RateLimiter.Counted) attempt);
      throw e;
    }
  }

  private CheckoutSessionCreated createCheckout(
      OrganizationId organizationId, PlanId planId, Email payer) {
    requireConfigured();
    Plan plan = paidPlan(planId);
    Organization organization = updater.require(organizationId);
    Optional<Subscription> current = organization.currentSubscription();
    if (current.isPresent()
        && !current.get().status().isTerminal()
        && current.get().status() != SubscriptionStatus.INCOMPLETE) {
      throw new ConflictException(
          "already_subscribed",
          "This organization already has a "
              + current.get().status().wireName()
              + " subscription; change its plan instead of starting a new checkout.");
    }
    String customerId =
        organization.customerId().orElseGet(() -> createCustomer(organization, payer));
    CheckoutSessionCreated session =
        provider.createCheckoutSession(
            new CheckoutRequest(organizationId, customerId, plan.id(), priceOf(plan)));
    checkoutSessions.created(
        new CheckoutRecord(
            session.sessionId(), organizationId, plan.id(), clock.instant(), Optional.empty()));
    return session;
  }

  private String createCustomer(Organization organization, Email payer) {
    String created = provider.createCustomer(organization.id(), organization.name(), payer.value());
    // The provider call is idempotent per organization, so a racing request gets the same id.
    return updater.update(
        organization,
        org ->
            org.customerId().isPresent()
                ? Change.none(org.customerId().get())
                : Change.save(org.withCustomerId(created), created));
  }

  @Override
  public BillingOverview confirmCheckout(OrganizationId organizationId, String sessionId) {
    requireConfigured();
    if (sessionId == null || sessionId.isBlank() || sessionId.length() > 255) {
      throw new InvalidInputException("sessionId", "'sessionId' is required");
    }
    NotFoundException notOurs =
        new NotFoundException(
            "checkout_session_not_found",
            "No Checkout session " + sessionId + " for this organization.");
    CheckoutSessionInfo session =
        provider.fetchCheckoutSession(sessionId).orElseThrow(() -> notOurs);
    boolean ours =
        session.organizationId().map(organizationId::equals).orElse(false)
            || checkoutSessions
                .find(sessionId)
                .map(r -> r.organizationId().equals(organizationId))
                .orElse(false);
    if (!ours) {
      throw notOurs;
    }
    if (!session.complete()) {
      throw new ConflictException(
          "checkout_not_complete", "The Checkout session " + sessionId + " is not complete yet.");
    }
    CheckoutSessionInfo owned =
        new CheckoutSessionInfo(
            session.sessionId(),
            Optional.of(organizationId),
            session.customerId(),
            session.subscriptionId(),
            true);
    applier.confirmCheckout(owned);
    return overviews.overview(organizationId);
  }

  @Override
  public String openPortal(OrganizationId organizationId) {
    requireConfigured();
    Organization organization = updater.require(organizationId);
    String customerId =
        organization
            .customerId()
            .orElseThrow(
                () ->
                    new ConflictException(
                        "no_customer",
                        "This organization has no billing account yet: subscribe to a plan first."));
    return provider.createPortalSession(customerId);
  }

  @Override
  public BillingOverview changePlan(OrganizationId organizationId, PlanId planId) {
    requireConfigured();
    Plan plan = paidPlan(planId);
    String priceId = priceOf(plan);
    return onLiveSubscription(
        organizationId,
        live ->
            live.plan().equals(plan.id()) && live.priceId().equals(priceId)
                ? Optional.empty()
                : Optional.of(provider.changePrice(live.id(), priceId)));
  }

  @Override
  public BillingOverview cancel(OrganizationId organizationId) {
    requireConfigured();
    return onLiveSubscription(
        organizationId,
        live ->
            live.cancelAtPeriodEnd()
                ? Optional.empty()
                : Optional.of(provider.cancelAtPeriodEnd(live.id())));
  }

  @Override
  public BillingOverview resume(OrganizationId organizationId) {
    requireConfigured();
    return onLiveSubscription(
        organizationId,
        live ->
            live.cancelAtPeriodEnd() ? Optional.of(provider.resume(live.id())) : Optional.empty());
  }

  private BillingOverview onLiveSubscription(
      OrganizationId organizationId,
      Function<Subscription, Optional<SubscriptionSnapshot>> action) {
    Organization organization = updater.require(organizationId);
    Subscription live =
        organization
            .currentSubscription()
            .filter(s -> LIVE.contains(s.status()))
            .orElseThrow(
                () ->
                    new ConflictException(
                        "no_live_subscription",
                        "This organization has no live subscription: start a checkout first."));
    action
        .apply(live)
        .ifPresent(truth -> applier.applyProviderState(updater.require(organizationId), truth));
    return overviews.overview(organizationId);
  }

  private Plan paidPlan(PlanId planId) {
    Plan plan = entitlements.catalog().require(planId);
    if (plan.isFree()) {
      throw new InvalidInputException(
          "plan",
          "The "
              + plan.name()
              + " plan needs no payment; cancel the subscription to return to it.");
    }
    return plan;
  }

  private static String priceOf(Plan plan) {
    return plan.providerPriceId()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "plan",
                    "The "
                        + plan.name()
                        + " plan is not on sale: no provider price is configured for it (STRIPE_"
                        + plan.id().value().toUpperCase(Locale.ROOT)
                        + "_PRICE_ID)."));
  }

  private void requireConfigured() {
    if (!provider.configured()) {
      throw new PaymentsNotConfiguredException();
    }
  }
}

package io.agnosticbilling.domain.service;

import io.agnosticbilling.domain.error.ConflictException;
import io.agnosticbilling.domain.error.InvalidInputException;
import io.agnosticbilling.domain.error.NotFoundException;
import io.agnosticbilling.domain.error.PaymentsNotConfiguredException;
import io.agnosticbilling.domain.error.ProviderChangeNotSavedException;
import io.agnosticbilling.domain.error.TooManyCheckoutsException;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.Email;
import io.agnosticbilling.domain.organization.Organization;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.BillingInterval;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

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

  /**
   * How long a Checkout session holding the trial offer stays payable (Stripe accepts 30 minutes to
   * 24 hours); after it a new Checkout may offer the trial again.
   */
  static final Duration TRIAL_OFFER_HOLD = Duration.ofHours(1);

  /** Stripe's promotion codes are at most 500 characters; real ones are short. */
  private static final int MAX_PROMOTION_CODE_LENGTH = 200;

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
      OrganizationId organizationId, CheckoutCommand command) {
    // Each session is a provider call: a client stuck in a loop should not turn into thousands.
    // The place is taken first (check and count in one step), so a burst never passes the limit,
    // and given back when no session was created.
    String throttleKey = CHECKOUT_THROTTLE_KEY + organizationId.value();
    RateLimiter.Attempt attempt = checkoutLimiter.attempt(throttleKey, checkoutLimit);
    if (attempt instanceof RateLimiter.Refused refused) {
      throw new TooManyCheckoutsException(refused.retryAfter());
    }
    try {
      return createCheckout(organizationId, command);
    } catch (RuntimeException e) {
      checkoutLimiter.release(throttleKey, (RateLimiter.Counted) attempt);
      throw e;
    }
  }

  private CheckoutSessionCreated createCheckout(
      OrganizationId organizationId, CheckoutCommand command) {
    requireConfigured();
    Plan plan = paidPlan(command.plan());
    // Before the customer is created: a plan not on sale must not leave a customer at Stripe.
    String priceId = priceOf(plan, command.interval().orElse(plan.interval()));
    Organization organization = updater.require(organizationId);
    // Only a live subscription blocks a new Checkout: an unpaid, paused, incomplete or ended one
    // would otherwise leave the organization nowhere to go but the Portal (domain.md: no state is
    // a dead end). The new subscription becomes the current one, being the most recently started.
    Optional<Subscription> current = organization.currentSubscription();
    if (current.isPresent() && LIVE.contains(current.get().status())) {
      throw new ConflictException(
          "already_subscribed",
          "This organization already has "
              + withArticle(current.get().status().wireName())
              + " subscription; change its plan instead of starting a new checkout.");
    }
    // Resolved before the customer is created too: an unknown code changes nothing.
    Optional<String> promotionCodeId = command.promotionCode().map(this::promotionCodeId);
    String customerId =
        organization.customerId().orElseGet(() -> createCustomer(organization, command.payer()));
    Optional<Instant> trialHold = holdTrialOffer(organization, plan);
    CheckoutSessionCreated session;
    try {
      session =
          provider.createCheckoutSession(
              new CheckoutRequest(
                  organizationId,
                  customerId,
                  plan.id(),
                  priceId,
                  trialHold.isPresent() ? plan.trialDays() : OptionalInt.empty(),
                  promotionCodeId,
                  trialHold.map(at -> at.plus(TRIAL_OFFER_HOLD))));
    } catch (RuntimeException e) {
      trialHold.ifPresent(at -> releaseTrialOffer(organizationId, at));
      throw e;
    }
    checkoutSessions.created(
        new CheckoutRecord(
            session.sessionId(), organizationId, plan.id(), clock.instant(), Optional.empty()));
    return session;
  }

  /**
   * Takes the organization's one trial offer for a new session when its plan has a trial and the
   * organization never had a subscription: a compare-and-set on the organization, so of two
   * Checkouts started at once only one carries the trial. The session is made to expire when the
   * hold does, so once the hold has passed no other session holding the offer can be paid and a new
   * Checkout may offer the trial again (an abandoned Checkout does not lose it for good). Empty
   * when no trial is offered; otherwise the instant of the hold.
   */
  private Optional<Instant> holdTrialOffer(Organization organization, Plan plan) {
    if (plan.trialDays().isEmpty()) {
      return Optional.empty();
    }
    // Milliseconds: every store keeps them exactly, so the release below recognizes its hold.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return updater.update(
        organization,
        org ->
            org.mayOfferTrial(now, TRIAL_OFFER_HOLD)
                ? Change.save(org.withTrialOfferedAt(Optional.of(now)), Optional.of(now))
                : Change.none(Optional.<Instant>empty()));
  }

  /** Gives the trial offer back when no session was created with it. */
  private void releaseTrialOffer(OrganizationId organizationId, Instant heldAt) {
    try {
      updater.update(
          organizationId,
          org ->
              org.trialOfferedAt().equals(Optional.of(heldAt))
                  ? Change.save(org.withTrialOfferedAt(Optional.empty()), true)
                  : Change.none(false));
    } catch (RuntimeException ignored) {
      // The hold then lapses on its own after TRIAL_OFFER_HOLD; the original failure is reported.
    }
  }

  private String promotionCodeId(String code) {
    String trimmed = code.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_PROMOTION_CODE_LENGTH) {
      throw new InvalidInputException(
          "promotionCode",
          "'promotionCode' must be 1 to " + MAX_PROMOTION_CODE_LENGTH + " characters");
    }
    return provider
        .findPromotionCode(trimmed)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "invalid_promotion_code",
                    "promotionCode",
                    "The promotion code '" + trimmed + "' is unknown or no longer active."));
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
        "plan change",
        now ->
            now.priceId().equals(priceId)
                ? Optional.empty()
                : Optional.of(() -> provider.changePrice(now.subscriptionId(), priceId)));
  }

  @Override
  public BillingOverview cancel(OrganizationId organizationId) {
    requireConfigured();
    return onLiveSubscription(
        organizationId,
        "cancellation",
        now ->
            now.cancelAtPeriodEnd()
                ? Optional.empty()
                : Optional.of(() -> provider.cancelAtPeriodEnd(now.subscriptionId())));
  }

  @Override
  public BillingOverview resume(OrganizationId organizationId) {
    requireConfigured();
    return onLiveSubscription(
        organizationId,
        "resumption",
        now ->
            now.cancelAtPeriodEnd()
                ? Optional.of(() -> provider.resume(now.subscriptionId()))
                : Optional.empty());
  }

  /**
   * Runs a command on the provider's current state of the organization's live subscription, never
   * on the stored copy alone: a Portal change whose webhook is late makes the stored copy wrong.
   * The stored copy only names the subscription. {@code write} decides from the provider's state
   * whether a provider write is needed; what the provider reports is applied either way, so a
   * command also heals a stored copy that was behind.
   */
  private BillingOverview onLiveSubscription(
      OrganizationId organizationId,
      String what,
      Function<SubscriptionSnapshot, Optional<Supplier<SubscriptionSnapshot>>> write) {
    Organization organization = updater.require(organizationId);
    Optional<Subscription> current = organization.currentSubscription();
    Subscription stored =
        current
            .filter(s -> LIVE.contains(s.status()))
            .orElseThrow(
                () ->
                    new ConflictException(
                        "no_live_subscription",
                        current.map(s -> nextStep(s.status())).orElse(NO_SUBSCRIPTION)));
    SubscriptionSnapshot now =
        provider
            .fetchSubscription(stored.id())
            .orElseThrow(
                () ->
                    new ConflictException(
                        "no_live_subscription",
                        "The payment provider no longer knows this subscription: start a new"
                            + " checkout."));
    if (!LIVE.contains(now.status())) {
      applier.applyProviderState(updater.require(organizationId), now);
      throw new ConflictException("no_live_subscription", nextStep(now.status()));
    }
    Optional<Supplier<SubscriptionSnapshot>> needed = write.apply(now);
    if (needed.isEmpty()) {
      applier.applyProviderState(updater.require(organizationId), now);
      return overviews.overview(organizationId);
    }
    SubscriptionSnapshot written = needed.get().get();
    try {
      applier.applyProviderState(updater.require(organizationId), written);
    } catch (RuntimeException e) {
      // The provider holds the change; answering with the save's own failure would invite a
      // repeat. Its next event (or a reconciliation) applies the same state here.
      throw new ProviderChangeNotSavedException(what, e);
    }
    return overviews.overview(organizationId);
  }

  private static final String NO_SUBSCRIPTION =
      "This organization has no live subscription: start a checkout first.";

  /** What an admin can do about a subscription that is not live, in one sentence. */
  private static String nextStep(SubscriptionStatus status) {
    return switch (status) {
      case UNPAID ->
          "The subscription is unpaid: pay the open invoice in the billing portal, or start a new"
              + " checkout.";
      case PAUSED ->
          "The subscription is paused: resume it in the billing portal, or start a new checkout.";
      case INCOMPLETE ->
          "The subscription's first payment is not complete: finish it in the billing portal, or"
              + " start a new checkout.";
      default ->
          "The subscription has ended ("
              + status.wireName()
              + "): start a new checkout to subscribe again.";
    };
  }

  private static String withArticle(String word) {
    return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
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

  /** The provider price of the plan at {@code interval}, or a refusal when it is not sold so. */
  private static String priceOf(Plan plan, BillingInterval interval) {
    if (plan.priceFor(interval).isEmpty()) {
      throw new InvalidInputException(
          "interval_not_sold",
          "interval",
          "The " + plan.name() + " plan is not sold per " + interval.wireName() + ".");
    }
    if (interval != plan.interval()) {
      return plan.providerPriceIdFor(interval)
          .orElseThrow(
              () ->
                  new InvalidInputException(
                      "interval_not_sold",
                      "interval",
                      "The "
                          + plan.name()
                          + " plan is not on sale per "
                          + interval.wireName()
                          + " on this server."));
    }
    return priceOf(plan);
  }

  private static String priceOf(Plan plan) {
    return plan.providerPriceId()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "plan",
                    // Answered to callers: the server's variable names are for `config check`.
                    "The " + plan.name() + " plan is not on sale on this server."));
  }

  private void requireConfigured() {
    if (!provider.configured()) {
      throw new PaymentsNotConfiguredException();
    }
  }
}

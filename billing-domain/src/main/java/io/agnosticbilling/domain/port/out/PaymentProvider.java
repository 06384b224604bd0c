package io.agnosticbilling.domain.port.out;

import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.plan.PlanId;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Outbound port: the payment provider (Stripe). Every mutating call is idempotent on the provider
 * side; failures are {@link PaymentProviderException}s with a clear, secret-free message.
 */
public interface PaymentProvider {

  /** Whether the configured key is a live one (events of the other mode are ignored). */
  boolean livemode();

  /** Creates the organization's customer once (idempotent per organization); returns its id. */
  String createCustomer(OrganizationId organizationId, String organizationName, String email);

  /** A Checkout session in subscription mode for the plan's price, tied to the organization. */
  CheckoutSessionCreated createCheckoutSession(CheckoutRequest request);

  /**
   * The provider's id of the active promotion code a customer typed ({@code SPRING25}), or empty
   * when no active code has that text.
   */
  Optional<String> findPromotionCode(String code);

  Optional<CheckoutSessionInfo> fetchCheckoutSession(String sessionId);

  /** A Customer Portal session; returns its URL. */
  String createPortalSession(String customerId);

  /** Swaps the price of the subscription's item, with proration. */
  SubscriptionSnapshot changePrice(String subscriptionId, String newPriceId);

  SubscriptionSnapshot cancelAtPeriodEnd(String subscriptionId);

  SubscriptionSnapshot resume(String subscriptionId);

  Optional<SubscriptionSnapshot> fetchSubscription(String subscriptionId);

  /**
   * Every subscription of the account, all pages, lazily. A subscription that cannot be read is
   * listed as {@link Listed.Unreadable} with the reason, so one odd object never hides the rest; a
   * page that cannot be fetched ends the stream with a {@link PaymentProviderException}.
   */
  Stream<Listed> listSubscriptions();

  /** One subscription of a listing: read into a snapshot, or unreadable with the reason. */
  sealed interface Listed {
    String subscriptionId();

    /** A subscription read into the domain's snapshot. */
    record Read(SubscriptionSnapshot snapshot) implements Listed {
      public Read {
        Objects.requireNonNull(snapshot, "'snapshot' must not be null");
      }

      @Override
      public String subscriptionId() {
        return snapshot.subscriptionId();
      }
    }

    /** A subscription whose shape the adapter cannot read; {@code reason} says what is wrong. */
    record Unreadable(String subscriptionId, String reason) implements Listed {
      public Unreadable {
        Objects.requireNonNull(subscriptionId, "'subscriptionId' must not be null");
        Objects.requireNonNull(reason, "'reason' must not be null");
      }
    }
  }

  /**
   * Value object: what a Checkout session is created for.
   *
   * @param trialDays the trial the subscription starts with (first paid subscription only)
   * @param promotionCodeId a promotion code applied to the subscription (the provider's id)
   * @param expiresAt when the session must stop being payable (a trial offer's hold)
   */
  record CheckoutRequest(
      OrganizationId organizationId,
      String customerId,
      PlanId plan,
      String priceId,
      OptionalInt trialDays,
      Optional<String> promotionCodeId,
      Optional<Instant> expiresAt) {
    public CheckoutRequest {
      Objects.requireNonNull(organizationId, "'organizationId' must not be null");
      Objects.requireNonNull(customerId, "'customerId' must not be null");
      Objects.requireNonNull(plan, "'plan' must not be null");
      Objects.requireNonNull(priceId, "'priceId' must not be null");
      Objects.requireNonNull(trialDays, "'trialDays' must not be null");
      Objects.requireNonNull(promotionCodeId, "'promotionCodeId' must not be null");
      Objects.requireNonNull(expiresAt, "'expiresAt' must not be null");
    }

    /** A session without trial, promotion code or early expiry. */
    public CheckoutRequest(
        OrganizationId organizationId, String customerId, PlanId plan, String priceId) {
      this(
          organizationId,
          customerId,
          plan,
          priceId,
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty());
    }
  }

  /** Value object: the created session and where to send the browser. */
  record CheckoutSessionCreated(String sessionId, String url) {}

  /** A provider for deployments without payments: every call is refused with a clear reason. */
  static PaymentProvider notConfigured() {
    return NotConfiguredPaymentProvider.INSTANCE;
  }

  /** True for the provider returned by {@link #notConfigured()}. */
  default boolean configured() {
    return true;
  }
}

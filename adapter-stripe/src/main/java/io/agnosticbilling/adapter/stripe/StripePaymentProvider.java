package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.PromotionCode;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.net.ApiResource;
import com.stripe.net.StripeResponse;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PromotionCodeListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.common.EmptyParam;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.error.PaymentProviderException.Kind;
import io.agnosticbilling.domain.event.CheckoutSessionInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Adapter: the {@link PaymentProvider} port on Stripe, through a {@code StripeClient} owned by this
 * instance (never the static {@code Stripe.apiKey}). Every POST carries an idempotency key.
 */
public final class StripePaymentProvider implements PaymentProvider {
  static final String BILLING_SETTINGS_PATH = "/settings?tab=billing";
  private static final long LIST_PAGE_SIZE = 100;

  private final StripeGateway gateway;
  private final boolean allowPromotionCodes;

  public StripePaymentProvider(StripeSettings settings) {
    this(settings, false);
  }

  /**
   * @param allowPromotionCodes let customers type promotion codes in Checkout ({@code
   *     CHECKOUT_PROMOTION_CODES}); a session created with a host app's code applies that code
   *     instead, as Stripe refuses both together
   */
  public StripePaymentProvider(StripeSettings settings, boolean allowPromotionCodes) {
    this.gateway = new StripeGateway(Objects.requireNonNull(settings, "'settings' is null"));
    this.allowPromotionCodes = allowPromotionCodes;
  }

  @Override
  public boolean livemode() {
    return gateway.settings().livemode();
  }

  // The key is derived from the organization and the parameters: a retried or repeated creation
  // within Stripe's 24 h window gets the same customer back, and another admin's (other email)
  // is a new request rather than a refused key reuse.
  @Override
  public String createCustomer(
      OrganizationId organizationId, String organizationName, String email) {
    Objects.requireNonNull(organizationId, "'organizationId' must not be null");
    CustomerCreateParams.Builder params =
        CustomerCreateParams.builder()
            .putMetadata(StripeObjectMapper.ORGANIZATION_METADATA_KEY, organizationId.value());
    if (organizationName != null && !organizationName.isBlank()) {
      params.setName(organizationName);
    }
    if (email != null && !email.isBlank()) {
      params.setEmail(email);
    }
    CustomerCreateParams built = params.build();
    return gateway
        .write(
            "customer creation",
            "customer:" + organizationId.value(),
            built,
            (client, options) -> client.v1().customers().create(built, options))
        .getId();
  }

  @Override
  public CheckoutSessionCreated createCheckoutSession(CheckoutRequest request) {
    Objects.requireNonNull(request, "'request' must not be null");
    String organizationId = request.organizationId().value();
    String billing = gateway.settings().frontendUrl() + BILLING_SETTINGS_PATH;
    SessionCreateParams.SubscriptionData.Builder subscription =
        SessionCreateParams.SubscriptionData.builder()
            .putMetadata(StripeObjectMapper.ORGANIZATION_METADATA_KEY, organizationId);
    request.trialDays().ifPresent(days -> subscription.setTrialPeriodDays((long) days));
    SessionCreateParams.Builder params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(request.customerId())
            .setClientReferenceId(organizationId)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(request.priceId())
                    .setQuantity(1L)
                    .build())
            .setSubscriptionData(subscription.build())
            .putMetadata(StripeObjectMapper.ORGANIZATION_METADATA_KEY, organizationId)
            .putMetadata("plan", request.plan().value())
            .setSuccessUrl(billing + "&checkout=success&session_id={CHECKOUT_SESSION_ID}")
            .setCancelUrl(billing + "&checkout=canceled");
    // Stripe refuses allow_promotion_codes together with discounts: a code the host app passed
    // is applied, otherwise customers may type one when the server allows it.
    if (request.promotionCodeId().isPresent()) {
      params.addDiscount(
          SessionCreateParams.Discount.builder()
              .setPromotionCode(request.promotionCodeId().get())
              .build());
    } else if (allowPromotionCodes) {
      params.setAllowPromotionCodes(true);
    }
    request.expiresAt().ifPresent(at -> params.setExpiresAt(at.getEpochSecond()));
    SessionCreateParams built = params.build();
    var session =
        gateway.write(
            "Checkout session creation",
            "checkout:" + organizationId + ":" + UUID.randomUUID(),
            (client, options) -> client.v1().checkout().sessions().create(built, options));
    return new CheckoutSessionCreated(session.getId(), session.getUrl());
  }

  @Override
  public Optional<String> findPromotionCode(String code) {
    requireId(code, "code");
    PromotionCodeListParams params =
        PromotionCodeListParams.builder().setCode(code).setActive(true).setLimit(1L).build();
    return gateway
        .read(
            "promotion code lookup",
            (client, options) -> client.v1().promotionCodes().list(params, options))
        .getData()
        .stream()
        // Stripe matches codes case-insensitively; an inactive one is never applied.
        .filter(p -> Boolean.TRUE.equals(p.getActive()))
        .map(PromotionCode::getId)
        .findFirst();
  }

  @Override
  public Optional<CheckoutSessionInfo> fetchCheckoutSession(String sessionId) {
    requireId(sessionId, "sessionId");
    return gateway
        .readOptional(
            "Checkout session retrieval",
            (client, options) -> client.v1().checkout().sessions().retrieve(sessionId, options))
        .map(session -> read("Checkout session", session, StripeObjectMapper::checkoutSession));
  }

  @Override
  public String createPortalSession(String customerId) {
    requireId(customerId, "customerId");
    var params =
        com.stripe.param.billingportal.SessionCreateParams.builder()
            .setCustomer(customerId)
            .setReturnUrl(gateway.settings().frontendUrl() + BILLING_SETTINGS_PATH)
            .build();
    return gateway
        .write(
            "Customer Portal session creation",
            "portal:" + customerId + ":" + UUID.randomUUID(),
            (client, options) -> client.v1().billingPortal().sessions().create(params, options))
        .getUrl();
  }

  @Override
  public SubscriptionSnapshot changePrice(String subscriptionId, String newPriceId) {
    requireId(subscriptionId, "subscriptionId");
    requireId(newPriceId, "newPriceId");
    Subscription current =
        gateway.read(
            "subscription retrieval",
            (client, options) -> client.v1().subscriptions().retrieve(subscriptionId, options));
    String itemId = read("subscription", current, StripeObjectMapper::firstItemId);
    SubscriptionUpdateParams params =
        SubscriptionUpdateParams.builder()
            .addItem(
                SubscriptionUpdateParams.Item.builder().setId(itemId).setPrice(newPriceId).build())
            .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS)
            .build();
    return update("plan change", subscriptionId, "change-price:" + newPriceId, params);
  }

  @Override
  public SubscriptionSnapshot cancelAtPeriodEnd(String subscriptionId) {
    requireId(subscriptionId, "subscriptionId");
    return update(
        "cancellation",
        subscriptionId,
        "cancel",
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
  }

  /**
   * Clears a scheduled cancellation of any kind: the flag, and a {@code cancel_at} date, which is
   * how the Customer Portal schedules one in recent API versions (clearing only the flag would
   * leave the subscription ending).
   */
  @Override
  public SubscriptionSnapshot resume(String subscriptionId) {
    requireId(subscriptionId, "subscriptionId");
    return update(
        "resumption",
        subscriptionId,
        "resume",
        SubscriptionUpdateParams.builder()
            .setCancelAtPeriodEnd(false)
            .setCancelAt(EmptyParam.EMPTY)
            .build());
  }

  @Override
  public Optional<SubscriptionSnapshot> fetchSubscription(String subscriptionId) {
    requireId(subscriptionId, "subscriptionId");
    return gateway
        .readOptional(
            "subscription retrieval",
            (client, options) -> client.v1().subscriptions().retrieve(subscriptionId, options))
        .map(this::snapshot);
  }

  /**
   * Lazily walks every page (status {@code all}, so canceled subscriptions are compared too). Each
   * page is read as Stripe's raw JSON and every subscription goes through the mapper the webhooks
   * use, so shapes the typed model would drop (an older API version's period on the subscription)
   * are read the same way; one subscription that cannot be read is listed as unreadable.
   */
  @Override
  public Stream<Listed> listSubscriptions() {
    Iterator<Listed> listed =
        new Iterator<>() {
          private final Deque<JsonObject> page = new ArrayDeque<>();
          private boolean hasMore = true;
          private String after;

          @Override
          public boolean hasNext() {
            while (page.isEmpty() && hasMore) {
              fetchPage();
            }
            return !page.isEmpty();
          }

          @Override
          public Listed next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            return listed(page.poll());
          }

          private void fetchPage() {
            String query =
                "status=all&limit="
                    + LIST_PAGE_SIZE
                    + (after == null
                        ? ""
                        : "&starting_after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            StripeResponse response =
                gateway.read(
                    "subscription listing",
                    (client, options) ->
                        client.rawRequest(
                            ApiResource.RequestMethod.GET, "/v1/subscriptions?" + query, null));
            JsonObject body;
            try {
              body = JsonParser.parseString(response.body()).getAsJsonObject();
            } catch (RuntimeException e) {
              throw new PaymentProviderException(
                  Kind.UNKNOWN, "Stripe answered a subscription listing that is not JSON");
            }
            JsonArray data = body.has("data") ? body.getAsJsonArray("data") : new JsonArray();
            data.forEach(element -> page.add(element.getAsJsonObject()));
            hasMore =
                body.has("has_more") && body.get("has_more").getAsBoolean() && !data.isEmpty();
            if (!data.isEmpty()) {
              after = StripeObjectMapper.string(page.peekLast(), "id").orElse(null);
              hasMore = hasMore && after != null;
            }
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(listed, Spliterator.ORDERED), false);
  }

  private static Listed listed(JsonObject subscription) {
    String id = StripeObjectMapper.string(subscription, "id").orElse("(no id)");
    try {
      return new Listed.Read(StripeObjectMapper.subscription(subscription));
    } catch (RuntimeException e) {
      return new Listed.Unreadable(id, "the adapter cannot read it: " + e.getMessage());
    }
  }

  // A random part makes each user action its own write; the key still covers every retry of it.
  private SubscriptionSnapshot update(
      String operation, String subscriptionId, String action, SubscriptionUpdateParams params) {
    Subscription updated =
        gateway.write(
            "subscription " + operation,
            "subscription:" + subscriptionId + ":" + action + ":" + UUID.randomUUID(),
            (client, options) ->
                client.v1().subscriptions().update(subscriptionId, params, options));
    return snapshot(updated);
  }

  private SubscriptionSnapshot snapshot(Subscription subscription) {
    return read("subscription", subscription, StripeObjectMapper::subscription);
  }

  private static <T> T read(String what, StripeObject object, Function<JsonObject, T> mapper) {
    // Always Stripe's own JSON, as for webhooks: re-serialising the typed model would drop what
    // the pinned model does not know (older shapes), so the same object would read differently.
    JsonObject raw = object.getRawJsonObject();
    if (raw == null) {
      throw new PaymentProviderException(
          Kind.UNKNOWN, "Stripe answered a " + what + " without its JSON; it cannot be read");
    }
    try {
      return mapper.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new PaymentProviderException(
          Kind.UNKNOWN,
          "Stripe answered a " + what + " the adapter cannot read: " + e.getMessage());
    }
  }

  private static void requireId(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' must not be blank");
    }
  }
}

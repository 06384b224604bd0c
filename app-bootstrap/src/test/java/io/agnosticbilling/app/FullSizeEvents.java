package io.agnosticbilling.app;

import com.stripe.Stripe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code customer.subscription.updated} events of Stripe's real size and shape (about 4 KB: the
 * subscription object of Stripe's published example, pinned API version), for load and crash tests
 * where the cost of reading a whole Stripe payload matters.
 */
public final class FullSizeEvents {
  private static final String TEMPLATE = load("/bench/subscription-updated.json");

  private FullSizeEvents() {}

  /**
   * An active subscription {@code subscriptionId} of {@code organizationId} on {@code priceId}, as
   * the event {@code eventId} created at {@code created} (epoch seconds) carries it: started at
   * {@code startDate} (Stripe never changes it), in the 30-day period from {@code periodStart}.
   */
  public static String subscriptionUpdated(
      String eventId,
      long created,
      String organizationId,
      String subscriptionId,
      String customerId,
      String priceId,
      long startDate,
      long periodStart) {
    return TEMPLATE
        .replace("__EVT__", eventId)
        .replace("__APIVERSION__", Stripe.API_VERSION)
        .replace("__CREATED__", Long.toString(created))
        .replace("__ORG__", organizationId)
        .replace("__SUB__", subscriptionId)
        .replace("__CUS__", customerId)
        .replace("__PRICE__", priceId)
        .replace("__START__", Long.toString(startDate))
        .replace("__PSTART__", Long.toString(periodStart))
        .replace("__PEND__", Long.toString(periodStart + 30L * 86_400));
  }

  /** Stripe's {@code Stripe-Signature} header for {@code payload}, signed now. */
  public static String sign(String payload, String secret) {
    return StripeEvents.signature(payload, System.currentTimeMillis() / 1000, secret);
  }

  private static String load(String resource) {
    try (InputStream in = FullSizeEvents.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

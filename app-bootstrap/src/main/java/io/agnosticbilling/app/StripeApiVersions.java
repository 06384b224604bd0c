package io.agnosticbilling.app;

import io.agnosticbilling.adapter.stripe.StripePaymentEvents.ApiVersionListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter: tells the operator which Stripe API versions other than the pinned one the webhook
 * endpoint sends: one log line per version, and a gauge {@code billing_stripe_api_version_seen} per
 * version in {@code /metrics}. Events arrive before or after the registry is bound, so versions
 * seen early are registered when it is.
 */
final class StripeApiVersions implements ApiVersionListener {
  static final String SEEN = "billing.stripe.api.version.seen";
  private static final Logger LOG = LoggerFactory.getLogger(StripeApiVersions.class);

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();

  @Override
  public void otherVersionSeen(String apiVersion, String pinnedVersion) {
    if (!seen.add(apiVersion)) {
      return;
    }
    LOG.info(
        "Stripe events of API version {} arrive (this release pins {}); they are read and"
            + " applied. Logged once per version.",
        apiVersion,
        pinnedVersion);
    MeterRegistry bound = registry.get();
    if (bound != null) {
      register(bound, apiVersion);
    }
  }

  void bindTo(MeterRegistry target) {
    registry.set(target);
    seen.forEach(version -> register(target, version));
  }

  // Registering the same name and tag twice returns the existing gauge, so the race between a
  // first event and binding is harmless.
  private static void register(MeterRegistry target, String version) {
    Gauge.builder(SEEN, () -> 1.0)
        .description("1 for each Stripe API version other than the pinned one seen in events")
        .tag("version", version)
        .register(target);
  }
}

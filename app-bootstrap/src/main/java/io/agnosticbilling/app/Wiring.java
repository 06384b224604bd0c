package io.agnosticbilling.app;

import io.agnosticbilling.adapter.http.BillingHttpListener;
import io.agnosticbilling.adapter.http.HttpSettings;
import io.agnosticbilling.adapter.http.JavalinBillingRoutes;
import io.agnosticbilling.adapter.http.MetricsEndpoint;
import io.agnosticbilling.adapter.http.ReadinessCheck;
import io.agnosticbilling.adapter.redis.RedisUsageCounters;
import io.agnosticbilling.adapter.stripe.StripePaymentEvents;
import io.agnosticbilling.adapter.stripe.StripePaymentProvider;
import io.agnosticbilling.adapter.stripe.StripeSettings;
import io.agnosticbilling.domain.Billing;
import io.agnosticbilling.domain.port.out.AlertPublisher;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import io.agnosticbilling.domain.port.out.PaymentProvider;
import io.agnosticbilling.domain.service.BillingSettings;
import io.agnosticbilling.domain.subscription.AccessPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring by hand: the one place that turns a {@link BillingConfig} into adapters and the {@link
 * Billing} facade. The server and the CLI commands build from here, so both run the same parts.
 */
final class Wiring implements AutoCloseable {
  static final String JWT_ISSUER = "agnostic-billing";
  private static final Logger ALERTS = LoggerFactory.getLogger("io.agnosticbilling.alerts");

  private final BillingConfig config;
  private final Clock clock;
  private final StoreConnection store;
  private final CountersFactory.Counters counters;
  private final PaymentProvider payments;
  private final PaymentEvents paymentEvents;
  private final StripeApiVersions apiVersions = new StripeApiVersions();
  private final Billing billing;
  private final NotificationDelivery notifications;

  private Wiring(BillingConfig config, Clock clock, StoreConnection store) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    StoreConnection.Ports ports = store.ports();
    this.counters = CountersFactory.choose(config, ports.usageCounters(), clock);
    this.payments =
        stripeSettings(config)
            .<PaymentProvider>map(
                settings -> new StripePaymentProvider(settings, config.checkoutPromotionCodes()))
            .orElse(PaymentProvider.notConfigured());
    this.paymentEvents =
        new StripePaymentEvents(config.stripeWebhookSecret(), clock)
            .withApiVersionListener(apiVersions);
    this.billing =
        Billing.builder()
            .organizations(ports.organizations())
            .members(ports.members())
            .webhookLog(ports.webhookLog())
            .usageCounters(counters.usageCounters())
            .usageAlerts(ports.usageAlerts())
            .checkoutSessions(ports.checkoutSessions())
            .reports(ports.reports())
            .rateLimiter(counters.rateLimiter())
            .transactions(store.transactions())
            .passwordHasher(new BcryptPasswordHasher(config.passwordSaltRounds()))
            .paymentProvider(payments)
            .paymentEvents(paymentEvents)
            .alertPublisher(logAlerts())
            .notifications(ports.notifications())
            .clock(clock)
            .settings(
                BillingSettings.defaults()
                    .withCatalog(config.catalog())
                    .withAccessPolicy(AccessPolicy.withGrace(config.pastDueGrace()))
                    .withCheckoutLimit(config.rateLimits().checkout()))
            .build();
    this.notifications =
        new NotificationDelivery(
            config.notifications(), ports.notifications(), ports.members(), clock);
  }

  /** Opens the store and builds the facade; migrations are left to the caller. */
  static Wiring connect(BillingConfig config, Clock clock) {
    StoreConnection store = StoreConnection.open(config, clock);
    try {
      return new Wiring(config, clock, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Opens the store, applies pending migrations (as {@code serve} does, so a command on a new data
   * directory finds the tables) and builds the facade: for the commands that use the services.
   */
  static Wiring connectMigrated(BillingConfig config, Clock clock) {
    Wiring wiring = connect(config, clock);
    try {
      wiring.store().migrations().up();
      return wiring;
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
  }

  /** The Stripe settings when {@code STRIPE_SECRET_KEY} is set; payments are off otherwise. */
  static Optional<StripeSettings> stripeSettings(BillingConfig config) {
    return config
        .stripeSecretKey()
        .map(
            key -> {
              StripeSettings settings = StripeSettings.of(key, config.frontendUrl());
              settings =
                  config.stripeWebhookSecret().map(settings::withWebhookSecret).orElse(settings);
              return config.stripeApiBase().map(settings::withApiBase).orElse(settings);
            });
  }

  /**
   * The HTTP routes over this wiring, counting into {@code listener}, with {@code /metrics} serving
   * {@code scrape} (behind {@code METRICS_TOKEN} when set).
   */
  JavalinBillingRoutes routes(BillingHttpListener listener, Supplier<String> scrape) {
    HttpSettings http =
        HttpSettings.builder(config.jwtSecret())
            .allowedOrigins(new LinkedHashSet<>(config.allowedOrigins()))
            .production(config.production())
            .jwt(JWT_ISSUER, JWT_ISSUER, config.jwtExpiry())
            .loginThrottle(config.rateLimits().login())
            .signupThrottle(config.rateLimits().signup())
            .trustedProxies(config.rateLimits().trustedProxies())
            .build();
    return JavalinBillingRoutes.builder(billing, http)
        .clock(clock)
        .paymentEvents(paymentEvents)
        .paymentsConfigured(payments::configured)
        .readinessChecks(readinessChecks())
        .rateLimiter(counters.rateLimiter())
        .listener(listener)
        .metrics(
            new MetricsEndpoint(
                scrape, BillingServer.PROMETHEUS_CONTENT_TYPE, config.metricsToken()))
        .build();
  }

  /** The store always; Redis too when configured (the fallback keeps counting, but say so). */
  private List<ReadinessCheck> readinessChecks() {
    List<ReadinessCheck> checks = new ArrayList<>();
    checks.add(ReadinessCheck.of("store", store::ping));
    counters.redis().ifPresent(redis -> checks.add(ReadinessCheck.of("redis", redis::ping)));
    return checks;
  }

  /**
   * Gauges of the Stripe API versions seen and of the Redis fast path: whether it is in use, and
   * how many records fell back.
   */
  void bindMetrics(MeterRegistry registry) {
    apiVersions.bindTo(registry);
    notifications.bindTo(registry, billing);
    counters
        .redisCounters()
        .ifPresent(
            redis -> {
              Gauge.builder(
                      "billing.redis.fast.path", redis, r -> r.fastPathAvailable() ? 1.0 : 0.0)
                  .description("1 while usage is counted in Redis, 0 while the store serves it")
                  .register(registry);
              FunctionCounter.builder(
                      "billing.redis.fallback.records", redis, RedisUsageCounters::fallbackRecords)
                  .description("usage records served by the store because Redis was unreachable")
                  .register(registry);
            });
  }

  private static AlertPublisher logAlerts() {
    return alert ->
        ALERTS.info(
            "usage alert: organization {} reached {}% of {} ({} of {})",
            alert.organizationId().value(),
            alert.threshold(),
            alert.metric().key(),
            alert.used(),
            alert.limit());
  }

  BillingConfig config() {
    return config;
  }

  StoreConnection store() {
    return store;
  }

  Billing billing() {
    return billing;
  }

  PaymentProvider payments() {
    return payments;
  }

  /** Starts delivering notifications (the server does; one-shot commands do not). */
  void startNotifications() {
    notifications.start();
  }

  String countersDescription() {
    return counters.description();
  }

  @Override
  public void close() {
    try {
      // The dispatcher first: a delivery under way finishes while the store is still open.
      notifications.close();
      counters.close();
    } finally {
      store.close();
    }
  }
}

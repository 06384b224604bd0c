package io.agnosticbilling.app;

import io.agnosticbilling.adapter.http.JavalinBillingRoutes;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server: store, migrations, the HTTP API with {@code /metrics}, started in the
 * order of the start-up log (configuration, store, migrations, routes, CORS, listening URL) and
 * stopped in reverse: Jetty lets in-flight requests finish, then the store closes.
 */
public final class BillingServer implements AutoCloseable {
  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** How long a stop waits for in-flight requests before closing connections. */
  static final long STOP_TIMEOUT_MILLIS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(BillingServer.class);

  private final Wiring wiring;
  private final Javalin app;
  private final PrometheusMeterRegistry registry;

  /** How often expired rows are deleted from a SQL store (MongoDB expires them by TTL). */
  static final Duration PURGE_EVERY = Duration.ofHours(1);

  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ScheduledExecutorService purger;

  private BillingServer(Wiring wiring, Javalin app, PrometheusMeterRegistry registry, Clock clock) {
    this.wiring = wiring;
    this.app = app;
    this.registry = registry;
    this.purger =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "billing-purge");
              thread.setDaemon(true);
              return thread;
            });
    if (wiring.store().sql().isPresent()) {
      purger.scheduleWithFixedDelay(
          () -> purge(clock), 1, PURGE_EVERY.toMinutes(), TimeUnit.MINUTES);
    }
  }

  /** One purge run; a failure is logged and the next run tries again. */
  private void purge(Clock clock) {
    try {
      wiring
          .store()
          .purgeExpired(clock.instant())
          .filter(p -> p.total() > 0)
          .ifPresent(
              p ->
                  LOG.info(
                      "Purged expired rows: {} webhook log entries, {} usage counters, {} usage"
                          + " decisions, {} notifications",
                      p.webhookEntries(),
                      p.usageCounters(),
                      p.usageDecisions(),
                      p.notifications()));
    } catch (RuntimeException e) {
      LOG.warn("Purging expired rows failed (tried again in {}): {}", PURGE_EVERY, e.getMessage());
    }
  }

  /**
   * Starts the server and returns once it listens.
   *
   * @param warnings from loading the configuration, logged before the summary
   */
  public static BillingServer start(BillingConfig config, Clock clock, List<String> warnings) {
    Objects.requireNonNull(config, "'config' must not be null");
    warnings.forEach(LOG::warn);
    StoreConnection.legacyFileWarning(config).ifPresent(LOG::warn);
    LOG.info("Configuration: {}", config.summary());
    Wiring wiring = Wiring.connect(config, clock);
    try {
      LOG.info("Store connected: {}", wiring.store().description());
      StoreConnection.Migrations migrations = wiring.store().migrations();
      List<Integer> applied = migrations.up();
      LOG.info("Migrations: {}", migrationState(migrations.status(), applied));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      wiring.bindMetrics(registry);
      JavalinBillingRoutes routes =
          wiring.routes(new MicrometerBillingListener(registry), registry::scrape);
      Javalin app = routes.createApp();
      app.unsafeConfig().jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MILLIS));
      LOG.info("Routes registered: {}", routeCounts(routes.routeTable()));
      LOG.info("CORS origins: {}", String.join(", ", config.allowedOrigins()));
      BillingServer server = new BillingServer(wiring, app, registry, clock);
      try {
        app.start(config.port());
        wiring.startNotifications();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      LOG.info(
          "Listening on http://0.0.0.0:{} (payments {}, {}, notifications {})",
          server.port(),
          wiring.payments().configured() ? "on" : "off",
          wiring.countersDescription(),
          config.notifications().channels());
      return server;
    } catch (RuntimeException e) {
      wiring.close();
      throw e;
    }
  }

  static String migrationState(
      List<StoreConnection.MigrationStatus> status, List<Integer> applied) {
    long done = status.stream().filter(StoreConnection.MigrationStatus::applied).count();
    String head = "at " + done + " of " + status.size();
    return applied.isEmpty() ? "up to date, " + head : "applied " + applied + ", " + head;
  }

  static String routeCounts(List<String> table) {
    long billing =
        table.stream()
            .filter(
                r ->
                    r.contains(" /api/billing")
                        || r.contains(" /api/usage")
                        || r.contains(" /api/organization")
                        || r.contains(" /api/entitlements")
                        || r.contains(" /api/auth"))
            .count();
    long webhooks = table.stream().filter(r -> r.contains(" /api/webhooks")).count();
    long admin = table.stream().filter(r -> r.contains(" /api/admin")).count();
    long health = table.stream().filter(r -> r.contains(" /health")).count();
    long metrics = table.stream().filter(r -> r.endsWith(" /metrics")).count();
    long openApi = table.stream().filter(r -> r.endsWith(" /openapi.json")).count();
    return "billing "
        + billing
        + ", webhooks "
        + webhooks
        + ", admin "
        + admin
        + ", health "
        + health
        + ", metrics "
        + metrics
        + ", openapi "
        + openApi
        + " ("
        + table.size()
        + " in all)";
  }

  /** The port listened on (the real one when the configuration said 0). */
  public int port() {
    return app.port();
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes the store. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    purger.shutdownNow();
    try {
      app.stop();
    } finally {
      registry.close();
      wiring.close();
      LOG.info("Stopped");
    }
  }
}

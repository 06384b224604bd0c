package io.agnosticbilling.adapter.stripe;

import com.stripe.Stripe;
import com.stripe.model.Balance;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.WebhookEndpoint;
import com.stripe.param.WebhookEndpointListParams;
import io.agnosticbilling.domain.error.PaymentProviderException;
import io.agnosticbilling.domain.plan.BillingInterval;
import io.agnosticbilling.domain.plan.Money;
import io.agnosticbilling.domain.plan.PlanId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Adapter: asks Stripe whether this server's set-up works ({@code config check --online}): the key,
 * each configured price, and the webhook endpoint. Only reads; each {@link Finding} says what is
 * wrong and what to do.
 */
public final class StripeSetupCheck {
  /** A check is a person waiting at a terminal: no 80 s reads, one retry. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private static final int PAGE = 100;

  private final StripeGateway gateway;
  private final String mode;

  public StripeSetupCheck(StripeSettings settings) {
    Objects.requireNonNull(settings, "'settings' is null");
    this.gateway =
        new StripeGateway(
            settings
                .withTimeouts(StripeSettings.DEFAULT_CONNECT_TIMEOUT, READ_TIMEOUT)
                .withMaxNetworkRetries(1));
    this.mode = settings.livemode() ? "live" : "test";
  }

  /** How bad a finding is: an error makes the check fail. */
  public enum Severity {
    OK,
    WARNING,
    ERROR
  }

  /** One line of the report. */
  public record Finding(Severity severity, String message) {
    public Finding {
      Objects.requireNonNull(severity, "'severity' must not be null");
      Objects.requireNonNull(message, "'message' must not be null");
    }

    @Override
    public String toString() {
      return severity + ": " + message;
    }
  }

  /**
   * A price the configuration names, and what it must sell.
   *
   * @param setting where it is configured ({@code STRIPE_TEAM_PRICE_ID}), to name it in findings
   * @param productId the product the plan's prices belong to ({@code agnostic_billing_team} when
   *     {@code stripe sync-catalog} made it)
   * @param lookupKey the lookup key {@code stripe sync-catalog} gives the plan's price
   */
  public record PriceExpectation(
      String setting,
      String priceId,
      PlanId plan,
      Money price,
      BillingInterval interval,
      Optional<String> productId,
      String lookupKey) {
    public PriceExpectation {
      Objects.requireNonNull(setting, "'setting' must not be null");
      Objects.requireNonNull(priceId, "'priceId' must not be null");
      Objects.requireNonNull(plan, "'plan' must not be null");
      Objects.requireNonNull(price, "'price' must not be null");
      Objects.requireNonNull(interval, "'interval' must not be null");
      Objects.requireNonNull(productId, "'productId' must not be null");
      Objects.requireNonNull(lookupKey, "'lookupKey' must not be null");
    }
  }

  /** The event types a webhook endpoint must send for the billing state to follow Stripe. */
  public static List<String> eventsToEnable() {
    return StripeEventTranslator.EVENTS_TO_ENABLE;
  }

  /**
   * Runs every check: the key first (nothing else can work without it), then each price, then the
   * webhook endpoint that should point at {@code webhookUrl}.
   */
  public List<Finding> check(List<PriceExpectation> prices, String webhookUrl) {
    List<Finding> findings = new ArrayList<>();
    if (!keyWorks(findings)) {
      return findings;
    }
    for (PriceExpectation expected : prices) {
      checkPrice(expected, prices, findings);
    }
    checkWebhookEndpoint(webhookUrl, findings);
    return findings;
  }

  private boolean keyWorks(List<Finding> findings) {
    String key = gateway.settings().maskedSecretKey();
    try {
      Balance balance =
          gateway.read(
              "key check (balance)", (client, options) -> client.v1().balance().retrieve(options));
      if (balance.getLivemode() != null && balance.getLivemode() != gateway.settings().livemode()) {
        findings.add(
            error(
                "STRIPE_SECRET_KEY "
                    + key
                    + " answers in "
                    + (balance.getLivemode() ? "live" : "test")
                    + " mode although it is a "
                    + mode
                    + " key: check STRIPE_API_BASE points at Stripe"));
        return false;
      }
      findings.add(ok("STRIPE_SECRET_KEY " + key + " works (" + mode + " mode)"));
      return true;
    } catch (PaymentProviderException e) {
      return switch (e.kind()) {
        case AUTHENTICATION -> {
          findings.add(
              error(
                  "STRIPE_SECRET_KEY "
                      + key
                      + " was refused by Stripe (401): copy the secret key of this account from"
                      + " Dashboard → Developers → API keys (a rolled or deleted key stops at"
                      + " once)"));
          yield false;
        }
        case UNREACHABLE -> {
          findings.add(
              error(
                  "Stripe could not be reached at "
                      + base()
                      + ": check the network, a proxy, or STRIPE_API_BASE ("
                      + e.getMessage()
                      + ")"));
          yield false;
        }
        default -> {
          // A restricted key without the balance permission still works for what it may do.
          findings.add(
              warning(
                  "STRIPE_SECRET_KEY "
                      + key
                      + " could not read the balance ("
                      + e.getMessage()
                      + "); a restricted key needs read access to prices and webhook endpoints"
                      + " for this check, and write access to customers, Checkout, the Portal and"
                      + " subscriptions to run"));
          yield true;
        }
      };
    }
  }

  private void checkPrice(
      PriceExpectation expected, List<PriceExpectation> all, List<Finding> findings) {
    String named = expected.setting() + "=" + expected.priceId();
    Optional<Price> found;
    try {
      found =
          gateway.readOptional(
              "price " + expected.priceId(),
              (client, options) -> client.v1().prices().retrieve(expected.priceId(), options));
    } catch (PaymentProviderException e) {
      findings.add(error(named + " could not be read: " + e.getMessage()));
      return;
    }
    if (found.isEmpty()) {
      findings.add(
          error(
              named
                  + " does not exist in "
                  + mode
                  + " mode (a price of the other mode, or of another account, is not seen with"
                  + " this key): run 'stripe sync-catalog' with this key and copy the line it"
                  + " prints"));
      return;
    }
    Price price = found.get();
    List<String> wrong = new ArrayList<>();
    if (price.getLivemode() != null && price.getLivemode() != gateway.settings().livemode()) {
      wrong.add(
          "it is a "
              + (price.getLivemode() ? "live" : "test")
              + "-mode price and the key is a "
              + mode
              + " key: use the price of the key's mode");
    }
    if (!Boolean.TRUE.equals(price.getActive())) {
      wrong.add(
          "it is archived (inactive), so Checkout refuses it: run 'stripe sync-catalog' for an"
              + " active price, or unarchive it in the Dashboard");
    }
    String interval = expected.interval().wireName();
    if (price.getRecurring() == null) {
      wrong.add(
          "it is a one-time price: a subscription needs a recurring " + interval + "ly price");
    } else {
      Long count = price.getRecurring().getIntervalCount();
      if (!interval.equals(price.getRecurring().getInterval()) || (count != null && count != 1)) {
        wrong.add(
            "it renews every "
                + (count == null || count == 1 ? "" : count + " ")
                + price.getRecurring().getInterval()
                + " but plan '"
                + expected.plan()
                + "' is billed every "
                + interval);
      }
    }
    Money catalog = expected.price();
    if (!catalog.currency().equalsIgnoreCase(String.valueOf(price.getCurrency()))
        || !Objects.equals(price.getUnitAmount(), catalog.amountMinor())) {
      wrong.add(
          "it charges "
              + price.getUnitAmount()
              + " "
              + price.getCurrency()
              + " but the catalog sells plan '"
              + expected.plan()
              + "' at "
              + catalog.amountMinor()
              + " "
              + catalog.currency()
              + " (minor units): run 'stripe sync-catalog' (it makes a price of the catalog's"
              + " amount) or correct the catalog");
    }
    if (!sells(price, expected)) {
      wrong.add(
          "it does not sell plan '"
              + expected.plan()
              + "' (product "
              + price.getProduct()
              + ", lookup key "
              + price.getLookupKey()
              + ")"
              + soldInstead(price, expected, all)
              + ": set the price of the plan's product "
              + expected.productId().orElse("(any)")
              + ", which 'stripe sync-catalog' prints");
    }
    if (wrong.isEmpty()) {
      findings.add(
          ok(
              named
                  + " sells plan '"
                  + expected.plan()
                  + "' at "
                  + catalog.amountMinor()
                  + " "
                  + catalog.currency()
                  + " a "
                  + interval
                  + " ("
                  + mode
                  + " mode)"));
    } else {
      wrong.forEach(w -> findings.add(error(named + ": " + w)));
    }
  }

  /** The product, the lookup key or the metadata of {@code stripe sync-catalog} names the plan. */
  private static boolean sells(Price price, PriceExpectation expected) {
    return expected.productId().map(p -> p.equals(price.getProduct())).orElse(false)
        || expected.lookupKey().equals(price.getLookupKey())
        || (expected.productId().isEmpty()
            && price.getMetadata() != null
            && expected.plan().value().equals(price.getMetadata().get("plan")));
  }

  private static String soldInstead(
      Price price, PriceExpectation expected, List<PriceExpectation> all) {
    return all.stream()
        .filter(other -> !other.plan().equals(expected.plan()) && sells(price, other))
        .findFirst()
        .map(other -> "; it sells plan '" + other.plan() + "' (" + other.setting() + "?)")
        .orElse("");
  }

  private void checkWebhookEndpoint(String webhookUrl, List<Finding> findings) {
    List<WebhookEndpoint> endpoints;
    try {
      endpoints = webhookEndpoints();
    } catch (PaymentProviderException e) {
      findings.add(error("Webhook endpoints could not be listed: " + e.getMessage()));
      return;
    }
    List<WebhookEndpoint> matching =
        endpoints.stream().filter(e -> sameUrl(e.getUrl(), webhookUrl)).toList();
    if (matching.isEmpty()) {
      findings.add(
          error(
              "No "
                  + mode
                  + "-mode webhook endpoint points at "
                  + webhookUrl
                  + (endpoints.isEmpty()
                      ? " (the account has none)"
                      : " (the account's point at "
                          + String.join(
                              ", ", endpoints.stream().map(WebhookEndpoint::getUrl).toList())
                          + ")")
                  + ": add one in Dashboard → Developers → Webhooks with the events "
                  + String.join(", ", StripeEventTranslator.EVENTS_TO_ENABLE)
                  + " and API version "
                  + Stripe.API_VERSION
                  + ", then put its signing secret in STRIPE_WEBHOOK_SECRET (or pass"
                  + " --webhook-url when the server is reached at another address)"));
      return;
    }
    for (WebhookEndpoint endpoint : matching) {
      checkEndpoint(endpoint, findings);
    }
  }

  private void checkEndpoint(WebhookEndpoint endpoint, List<Finding> findings) {
    String named = "Webhook endpoint " + endpoint.getId() + " (" + endpoint.getUrl() + ")";
    int before = findings.size();
    if (!"enabled".equals(endpoint.getStatus())) {
      findings.add(
          error(
              named
                  + " is "
                  + endpoint.getStatus()
                  + ": enable it in the Dashboard, or"
                  + " Stripe sends it nothing"));
    }
    List<String> enabled =
        endpoint.getEnabledEvents() == null ? List.of() : endpoint.getEnabledEvents();
    if (!enabled.contains("*")) {
      List<String> missing =
          StripeEventTranslator.EVENTS_TO_ENABLE.stream()
              .filter(t -> !enabled.contains(t))
              .toList();
      if (!missing.isEmpty()) {
        findings.add(
            error(
                named
                    + " does not send "
                    + String.join(", ", missing)
                    + ": add "
                    + (missing.size() == 1 ? "it" : "them")
                    + " to its events, or plan changes made in Stripe never arrive"));
      }
    }
    String version = endpoint.getApiVersion();
    if (version == null || version.isBlank()) {
      findings.add(
          warning(
              named
                  + " uses the account's default API version, which this check cannot see:"
                  + " events from "
                  + StripeEventTranslator.OLDEST_READ_API_VERSION
                  + " to "
                  + Stripe.API_VERSION
                  + " are read; pin the endpoint to "
                  + Stripe.API_VERSION));
    } else if (datePart(version).compareTo(datePart(StripeEventTranslator.OLDEST_READ_API_VERSION))
        < 0) {
      findings.add(
          error(
              named
                  + " sends events of API version "
                  + version
                  + ", older than this release reads ("
                  + StripeEventTranslator.OLDEST_READ_API_VERSION
                  + " or later): make a new endpoint with API version "
                  + Stripe.API_VERSION
                  + " and put its signing secret in STRIPE_WEBHOOK_SECRET"));
    } else if (datePart(version).compareTo(datePart(Stripe.API_VERSION)) > 0) {
      findings.add(
          warning(
              named
                  + " sends events of API version "
                  + version
                  + ", newer than this release's "
                  + Stripe.API_VERSION
                  + ": events whose shape changed fail in the webhook log; upgrade, or use an"
                  + " endpoint of version "
                  + Stripe.API_VERSION));
    }
    if (findings.size() == before) {
      findings.add(
          ok(
              named
                  + " is enabled, sends the events this server handles, in API version "
                  + version));
    }
  }

  private List<WebhookEndpoint> webhookEndpoints() {
    List<WebhookEndpoint> all = new ArrayList<>();
    String after = null;
    while (true) {
      WebhookEndpointListParams.Builder params =
          WebhookEndpointListParams.builder().setLimit((long) PAGE);
      if (after != null) {
        params.setStartingAfter(after);
      }
      WebhookEndpointListParams built = params.build();
      StripeCollection<WebhookEndpoint> page =
          gateway.read(
              "webhook endpoint list",
              (client, options) -> client.v1().webhookEndpoints().list(built, options));
      all.addAll(page.getData());
      if (!Boolean.TRUE.equals(page.getHasMore()) || page.getData().isEmpty()) {
        return all;
      }
      after = page.getData().get(page.getData().size() - 1).getId();
    }
  }

  /** Same scheme, host (any case), port and path (a trailing slash aside). */
  static boolean sameUrl(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      URI x = URI.create(a.strip());
      URI y = URI.create(b.strip());
      return Objects.equals(lower(x.getScheme()), lower(y.getScheme()))
          && Objects.equals(lower(x.getHost()), lower(y.getHost()))
          && port(x) == port(y)
          && trimmed(x.getPath()).equals(trimmed(y.getPath()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String trimmed(String path) {
    String p = path == null ? "" : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String datePart(String apiVersion) {
    return apiVersion.length() >= 10 ? apiVersion.substring(0, 10) : apiVersion;
  }

  private String base() {
    return gateway.settings().apiBase().orElse("https://api.stripe.com");
  }

  private static Finding ok(String message) {
    return new Finding(Severity.OK, message);
  }

  private static Finding warning(String message) {
    return new Finding(Severity.WARNING, message);
  }

  private static Finding error(String message) {
    return new Finding(Severity.ERROR, message);
  }
}

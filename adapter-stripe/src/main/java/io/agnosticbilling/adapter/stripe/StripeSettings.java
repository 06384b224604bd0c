package io.agnosticbilling.adapter.stripe;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Configuration of the Stripe adapter: keys, where Stripe is, where the browser comes back to, and
 * how patient each call is. Validates itself; {@link #toString()} never shows a secret.
 *
 * @param secretKey {@code sk_test_…}, {@code sk_live_…} or a restricted {@code rk_…} key
 * @param webhookSecret the endpoint's {@code whsec_…} secret; empty means webhooks are refused
 * @param apiBase a Stripe-compatible server ({@code STRIPE_API_BASE}); empty means Stripe's own
 * @param frontendUrl base of the Checkout success/cancel and Portal return URLs
 * @param connectTimeout how long to wait for a connection to Stripe
 * @param readTimeout how long to wait for Stripe's answer once connected
 * @param maxNetworkRetries retries of a failed call (network error, 409, 5xx, 429)
 */
public record StripeSettings(
    String secretKey,
    Optional<String> webhookSecret,
    Optional<String> apiBase,
    String frontendUrl,
    Duration connectTimeout,
    Duration readTimeout,
    int maxNetworkRetries) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  // Stripe's own libraries wait 80 s: some calls (large lists, invoice finalisation) are slow.
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(80);
  public static final int DEFAULT_MAX_NETWORK_RETRIES = 2;
  static final int MAX_NETWORK_RETRIES_LIMIT = 10;
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern SECRET_KEY = Pattern.compile("(sk|rk)_(test|live)_[A-Za-z0-9]+");
  private static final String SECRET_KEY_SHAPE =
      "'secretKey' must be a Stripe secret key (sk_test_…, sk_live_…, rk_test_… or rk_live_…)";
  private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=_-]+");
  private static final String WEBHOOK_SECRET_SHAPE =
      "'webhookSecret' must be an endpoint secret starting with whsec_";

  public StripeSettings {
    Objects.requireNonNull(webhookSecret, "'webhookSecret' must not be null");
    Objects.requireNonNull(apiBase, "'apiBase' must not be null");
    // Every problem is reported at once, so a misconfigured deployment is fixed in one go.
    List<String> problems = new ArrayList<>();
    if (secretKey == null || !SECRET_KEY.matcher(secretKey).matches()) {
      problems.add(SECRET_KEY_SHAPE);
    }
    if (webhookSecret.isPresent() && !WEBHOOK_SECRET.matcher(webhookSecret.get()).matches()) {
      problems.add(WEBHOOK_SECRET_SHAPE);
    }
    if (apiBase.isPresent()) {
      problems.addAll(httpUrlProblems("apiBase", apiBase.get()));
      apiBase = apiBase.map(StripeSettings::withoutTrailingSlash);
    }
    problems.addAll(httpUrlProblems("frontendUrl", frontendUrl));
    if (frontendUrl != null) {
      frontendUrl = withoutTrailingSlash(frontendUrl);
    }
    problems.addAll(timeoutProblems("connectTimeout", connectTimeout));
    problems.addAll(timeoutProblems("readTimeout", readTimeout));
    if (maxNetworkRetries < 0 || maxNetworkRetries > MAX_NETWORK_RETRIES_LIMIT) {
      problems.add(
          "'maxNetworkRetries' must be between 0 and "
              + MAX_NETWORK_RETRIES_LIMIT
              + " (got "
              + maxNetworkRetries
              + ")");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid Stripe settings: " + String.join("; ", problems));
    }
  }

  /**
   * The one check of a secret key's shape (never echoes the value).
   *
   * @throws IllegalArgumentException when it is not an {@code sk_…} or {@code rk_…} key
   */
  public static String requireSecretKey(String secretKey) {
    if (secretKey == null || !SECRET_KEY.matcher(secretKey).matches()) {
      throw new IllegalArgumentException(SECRET_KEY_SHAPE);
    }
    return secretKey;
  }

  /**
   * The one check of a webhook secret's shape (never echoes the value).
   *
   * @throws IllegalArgumentException when it is not a {@code whsec_…} endpoint secret
   */
  public static String requireWebhookSecret(String webhookSecret) {
    if (webhookSecret == null || !WEBHOOK_SECRET.matcher(webhookSecret).matches()) {
      throw new IllegalArgumentException(WEBHOOK_SECRET_SHAPE);
    }
    return webhookSecret;
  }

  /** Settings with Stripe's API, no webhook secret and the default timeouts and retries. */
  public static StripeSettings of(String secretKey, String frontendUrl) {
    return new StripeSettings(
        secretKey,
        Optional.empty(),
        Optional.empty(),
        frontendUrl,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_MAX_NETWORK_RETRIES);
  }

  public StripeSettings withWebhookSecret(String secret) {
    return new StripeSettings(
        secretKey,
        Optional.ofNullable(secret),
        apiBase,
        frontendUrl,
        connectTimeout,
        readTimeout,
        maxNetworkRetries);
  }

  public StripeSettings withApiBase(String base) {
    return new StripeSettings(
        secretKey,
        webhookSecret,
        Optional.ofNullable(base),
        frontendUrl,
        connectTimeout,
        readTimeout,
        maxNetworkRetries);
  }

  public StripeSettings withTimeouts(Duration connect, Duration read) {
    return new StripeSettings(
        secretKey, webhookSecret, apiBase, frontendUrl, connect, read, maxNetworkRetries);
  }

  public StripeSettings withMaxNetworkRetries(int retries) {
    return new StripeSettings(
        secretKey, webhookSecret, apiBase, frontendUrl, connectTimeout, readTimeout, retries);
  }

  /** True for live keys: events of the other mode are ignored by the domain. */
  public boolean livemode() {
    return secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_");
  }

  /** The key's kind and mode without the secret part, e.g. {@code sk_test_***}. */
  public String maskedSecretKey() {
    return mask(secretKey);
  }

  /** Masks a Stripe secret: keeps the prefix that tells its kind and mode. */
  static String mask(String secret) {
    int cut = secret.startsWith("whsec_") ? "whsec_".length() : secret.indexOf('_', 3) + 1;
    return secret.substring(0, Math.max(cut, 0)) + "***";
  }

  @Override
  public String toString() {
    return "StripeSettings[secretKey="
        + maskedSecretKey()
        + ", webhookSecret="
        + webhookSecret.map(StripeSettings::mask).orElse("<none>")
        + ", apiBase="
        + apiBase.orElse("<stripe>")
        + ", frontendUrl="
        + frontendUrl
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxNetworkRetries="
        + maxNetworkRetries
        + "]";
  }

  private static List<String> httpUrlProblems(String name, String value) {
    if (value == null || value.isBlank()) {
      return List.of("'" + name + "' must not be blank");
    }
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        return List.of("'" + name + "' must be an absolute http(s) URL (got '" + value + "')");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        return List.of("'" + name + "' must not have a query or fragment (got '" + value + "')");
      }
      return List.of();
    } catch (URISyntaxException e) {
      return List.of("'" + name + "' is not a valid URL (got '" + value + "')");
    }
  }

  private static List<String> timeoutProblems(String name, Duration value) {
    if (value == null) {
      return List.of("'" + name + "' must not be null");
    }
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
      return List.of("'" + name + "' must be above 0 and at most " + MAX_TIMEOUT);
    }
    return List.of();
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

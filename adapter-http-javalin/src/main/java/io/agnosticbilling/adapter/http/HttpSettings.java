package io.agnosticbilling.adapter.http;

import io.agnosticbilling.domain.port.out.RateLimiter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Configuration: what the HTTP adapter needs from the environment. The JWT secret is kept out of
 * {@link #toString()} so the settings can be logged.
 *
 * @param allowedOrigins exact origins ({@code scheme://host[:port]}) that receive CORS headers
 * @param production turns on {@code Strict-Transport-Security}
 * @param jwtSecret HS256 key, at least 32 bytes in UTF-8
 * @param operatorEmails users whose tokens carry {@code operator: true} (compared lower-case)
 * @param maxBodyBytes limit of every JSON request body
 * @param maxWebhookBodyBytes limit of the raw webhook body
 * @param loginThrottle how many failed logins lock an email or an address out, and for how long
 * @param signupThrottle how many sign-ups one client address may make within a window
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client address
 * @param slowBodies how fast and how soon a request body must arrive before it is cut off with 408
 */
public record HttpSettings(
    Set<String> allowedOrigins,
    boolean production,
    String jwtSecret,
    String jwtIssuer,
    String jwtAudience,
    Duration jwtExpiry,
    Set<String> operatorEmails,
    int maxBodyBytes,
    int maxWebhookBodyBytes,
    LoginThrottle loginThrottle,
    SignupThrottle signupThrottle,
    TrustedProxies trustedProxies,
    SlowBodies slowBodies) {

  /** 64 KiB: far above any request of this API, far below what could tie up a worker. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** 1 MiB: Stripe events are a few KiB; the margin covers large invoices. */
  public static final int DEFAULT_MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

  /** Minimum HS256 key length, as RFC 7518 asks for a key at least as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;

  public HttpSettings {
    Objects.requireNonNull(allowedOrigins, "'allowedOrigins' must not be null");
    allowedOrigins = allowedOrigins.stream().map(HttpSettings::requireOrigin).collect(toSet());
    requireJwtSecret(jwtSecret);
    requireText(jwtIssuer, "jwtIssuer");
    requireText(jwtAudience, "jwtAudience");
    Objects.requireNonNull(jwtExpiry, "'jwtExpiry' must not be null");
    if (jwtExpiry.isNegative() || jwtExpiry.isZero()) {
      throw new IllegalArgumentException("'jwtExpiry' must be positive");
    }
    Objects.requireNonNull(operatorEmails, "'operatorEmails' must not be null");
    operatorEmails =
        operatorEmails.stream()
            .map(e -> e.trim().toLowerCase(Locale.ROOT))
            .filter(e -> !e.isEmpty())
            .collect(toSet());
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("'maxBodyBytes' must be positive");
    }
    if (maxWebhookBodyBytes < 1) {
      throw new IllegalArgumentException("'maxWebhookBodyBytes' must be positive");
    }
    Objects.requireNonNull(loginThrottle, "'loginThrottle' must not be null");
    Objects.requireNonNull(signupThrottle, "'signupThrottle' must not be null");
    Objects.requireNonNull(trustedProxies, "'trustedProxies' must not be null");
    Objects.requireNonNull(slowBodies, "'slowBodies' must not be null");
  }

  /**
   * Development defaults: no CORS origin, not production, issuer and audience {@code
   * agnostic-billing}, tokens valid 24 h, no operators, default body limits and login throttle.
   */
  public static HttpSettings defaults(String jwtSecret) {
    return builder(jwtSecret).build();
  }

  /** Starts from {@link #defaults(String)}; each setter replaces one part. */
  public static Builder builder(String jwtSecret) {
    return new Builder(jwtSecret);
  }

  /** A builder holding these settings, to change a few of them. */
  public Builder toBuilder() {
    Builder b = new Builder(jwtSecret);
    b.allowedOrigins = allowedOrigins;
    b.production = production;
    b.jwtIssuer = jwtIssuer;
    b.jwtAudience = jwtAudience;
    b.jwtExpiry = jwtExpiry;
    b.operatorEmails = operatorEmails;
    b.maxBodyBytes = maxBodyBytes;
    b.maxWebhookBodyBytes = maxWebhookBodyBytes;
    b.loginThrottle = loginThrottle;
    b.signupThrottle = signupThrottle;
    b.trustedProxies = trustedProxies;
    b.slowBodies = slowBodies;
    return b;
  }

  public HttpSettings withAllowedOrigins(Set<String> origins) {
    return toBuilder().allowedOrigins(origins).build();
  }

  public HttpSettings withProduction(boolean isProduction) {
    return toBuilder().production(isProduction).build();
  }

  public HttpSettings withOperatorEmails(Set<String> emails) {
    return toBuilder().operatorEmails(emails).build();
  }

  public HttpSettings withLoginThrottle(LoginThrottle throttle) {
    return toBuilder().loginThrottle(throttle).build();
  }

  /** Collects settings; {@link #build()} validates them all at once. */
  public static final class Builder {
    private final String jwtSecret;
    private Set<String> allowedOrigins = Set.of();
    private boolean production;
    private String jwtIssuer = "agnostic-billing";
    private String jwtAudience = "agnostic-billing";
    private Duration jwtExpiry = Duration.ofHours(24);
    private Set<String> operatorEmails = Set.of();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxWebhookBodyBytes = DEFAULT_MAX_WEBHOOK_BODY_BYTES;
    private LoginThrottle loginThrottle = LoginThrottle.DEFAULT;
    private SignupThrottle signupThrottle = SignupThrottle.DEFAULT;
    private TrustedProxies trustedProxies = TrustedProxies.none();
    private SlowBodies slowBodies = SlowBodies.DEFAULT;

    private Builder(String jwtSecret) {
      this.jwtSecret = jwtSecret;
    }

    public Builder allowedOrigins(Set<String> value) {
      this.allowedOrigins = value;
      return this;
    }

    public Builder production(boolean value) {
      this.production = value;
      return this;
    }

    public Builder jwt(String issuer, String audience, Duration expiry) {
      this.jwtIssuer = issuer;
      this.jwtAudience = audience;
      this.jwtExpiry = expiry;
      return this;
    }

    public Builder operatorEmails(Set<String> value) {
      this.operatorEmails = value;
      return this;
    }

    public Builder bodyLimits(int maxBody, int maxWebhookBody) {
      this.maxBodyBytes = maxBody;
      this.maxWebhookBodyBytes = maxWebhookBody;
      return this;
    }

    public Builder loginThrottle(LoginThrottle value) {
      this.loginThrottle = value;
      return this;
    }

    public Builder signupThrottle(SignupThrottle value) {
      this.signupThrottle = value;
      return this;
    }

    public Builder trustedProxies(TrustedProxies value) {
      this.trustedProxies = value;
      return this;
    }

    public Builder slowBodies(SlowBodies value) {
      this.slowBodies = value;
      return this;
    }

    public HttpSettings build() {
      return new HttpSettings(
          allowedOrigins,
          production,
          jwtSecret,
          jwtIssuer,
          jwtAudience,
          jwtExpiry,
          operatorEmails,
          maxBodyBytes,
          maxWebhookBodyBytes,
          loginThrottle,
          signupThrottle,
          trustedProxies,
          slowBodies);
    }
  }

  /** True when {@code email} is listed as an operator. */
  public boolean isOperator(String email) {
    return email != null && operatorEmails.contains(email.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "HttpSettings[allowedOrigins="
        + allowedOrigins
        + ", production="
        + production
        + ", jwtSecret=***, jwtIssuer="
        + jwtIssuer
        + ", jwtAudience="
        + jwtAudience
        + ", jwtExpiry="
        + jwtExpiry
        + ", operatorEmails="
        + operatorEmails.size()
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", maxWebhookBodyBytes="
        + maxWebhookBodyBytes
        + ", loginThrottle="
        + loginThrottle
        + ", signupThrottle="
        + signupThrottle
        + ", trustedProxies="
        + trustedProxies
        + ", slowBodies="
        + slowBodies
        + "]";
  }

  /**
   * Value object: failed logins allowed within {@code window} per email and per client address
   * before further attempts are refused with 429 until the oldest failure leaves the window.
   */
  public record LoginThrottle(int maxFailuresPerEmail, int maxFailuresPerAddress, Duration window) {
    /** 5 per email and 20 per address within 15 minutes. */
    public static final LoginThrottle DEFAULT = new LoginThrottle(5, 20, Duration.ofMinutes(15));

    public LoginThrottle {
      if (maxFailuresPerEmail < 1) {
        throw new IllegalArgumentException("'maxFailuresPerEmail' must be positive");
      }
      if (maxFailuresPerAddress < 1) {
        throw new IllegalArgumentException("'maxFailuresPerAddress' must be positive");
      }
      Objects.requireNonNull(window, "'window' must not be null");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("'window' must be positive");
      }
    }
  }

  /**
   * Value object: sign-ups allowed from one client address within {@code window}; {@code
   * maxPerAddress} 0 turns the limit off (load tests, trusted networks).
   */
  public record SignupThrottle(int maxPerAddress, Duration window) {
    /** 20 per address within an hour. */
    public static final SignupThrottle DEFAULT = new SignupThrottle(20, Duration.ofHours(1));

    /** No limit. */
    public static final SignupThrottle OFF = new SignupThrottle(0, Duration.ofHours(1));

    public SignupThrottle {
      if (maxPerAddress < 0) {
        throw new IllegalArgumentException("'maxPerAddress' must not be negative");
      }
      Objects.requireNonNull(window, "'window' must not be null");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("'window' must be positive");
      }
    }

    /** The limit, or empty when it is off. */
    public Optional<RateLimiter.Limit> limit() {
      return maxPerAddress == 0
          ? Optional.empty()
          : Optional.of(new RateLimiter.Limit(maxPerAddress, window));
    }
  }

  /**
   * Value object: a request body must be complete within {@code deadline} of its headers and, after
   * its first second, arrive at {@code minBytesPerSecond} at least; otherwise it is cut off with
   * 408. The body is read without holding a worker thread, so slow clients cannot starve others.
   */
  public record SlowBodies(Duration deadline, int minBytesPerSecond) {
    /**
     * 10 s and 1 KiB/s: a full 64 KiB JSON body takes about 5 s even at 100 kbit/s, and Stripe
     * sends its webhooks from a data centre; a client that trickles bytes is cut within seconds.
     */
    public static final SlowBodies DEFAULT = new SlowBodies(Duration.ofSeconds(10), 1024);

    public SlowBodies {
      Objects.requireNonNull(deadline, "'deadline' must not be null");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("'deadline' must be positive");
      }
      if (minBytesPerSecond < 0) {
        throw new IllegalArgumentException("'minBytesPerSecond' must not be negative");
      }
    }
  }

  /**
   * The one check of a JWT secret's length (never echoes the value).
   *
   * @throws IllegalArgumentException when it is shorter than {@link #MIN_SECRET_BYTES} in UTF-8
   */
  public static String requireJwtSecret(String jwtSecret) {
    if (jwtSecret == null || jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "'jwtSecret' must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    return jwtSecret;
  }

  /**
   * The one check of an allowed origin: exactly {@code scheme://host[:port]}, http(s), no wildcard.
   *
   * @return the origin without surrounding blanks
   * @throws IllegalArgumentException naming the entry when it is not such an origin
   */
  public static String requireOrigin(String origin) {
    if (origin == null || origin.isBlank()) {
      throw new IllegalArgumentException("'allowedOrigins' must not contain blank entries");
    }
    String trimmed = origin.trim();
    if (trimmed.contains("*")) {
      throw new IllegalArgumentException(
          "'allowedOrigins' lists exact origins; wildcards are refused (got '" + trimmed + "')");
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'allowedOrigins' entry '" + trimmed + "' is not a valid origin", e);
    }
    boolean httpScheme = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    boolean bare =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!httpScheme || uri.getHost() == null || !bare) {
      throw new IllegalArgumentException(
          "'allowedOrigins' entry '"
              + trimmed
              + "' must be scheme://host[:port] without a path (like https://app.example.com)");
    }
    return trimmed;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + name + "' must not be blank");
    }
  }

  private static <T> Collector<T, ?, Set<T>> toSet() {
    return Collectors.toUnmodifiableSet();
  }
}

package io.agnosticbilling.sandbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link StripeSandbox} starts: where it listens, its keys, where webhooks go and how
 * patiently, the test clock's start, the dunning schedule and the promotion codes it accepts.
 *
 * @param host the interface to listen on (loopback by default: the sandbox has no real security)
 * @param port the port, 0 for a free one
 * @param secretKey the {@code sk_test_…} key clients must present
 * @param webhookEndpoint where events are POSTed; empty keeps them in the event list only
 * @param webhookSecret the {@code whsec_…} secret events are signed with
 * @param clockStart the test clock's first instant
 * @param firstRetryAfter the wait before the first webhook redelivery; it doubles per attempt
 * @param maxRetryWait the longest wait between two webhook deliveries
 * @param maxDeliveryAttempts attempts per event before the sandbox gives up on it
 * @param dunningRetryDays days after a failed renewal at which the payment is retried; when the
 *     last retry fails the subscription becomes {@code unpaid}
 * @param promotionCodes codes the Checkout page accepts, with their percentage off (forever)
 */
public record SandboxOptions(
    String host,
    int port,
    String secretKey,
    Optional<URI> webhookEndpoint,
    String webhookSecret,
    Instant clockStart,
    Duration firstRetryAfter,
    Duration maxRetryWait,
    int maxDeliveryAttempts,
    List<Integer> dunningRetryDays,
    Map<String, Integer> promotionCodes) {

  public SandboxOptions {
    Objects.requireNonNull(host, "'host' must not be null");
    Objects.requireNonNull(webhookEndpoint, "'webhookEndpoint' must not be null");
    Objects.requireNonNull(clockStart, "'clockStart' must not be null");
    SandboxClock.nonNegative(firstRetryAfter, "firstRetryAfter");
    SandboxClock.nonNegative(maxRetryWait, "maxRetryWait");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("'port' must be between 0 and 65535");
    }
    if (secretKey == null || !secretKey.matches("sk_test_[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("'secretKey' must be a test key (sk_test_…)");
    }
    if (webhookSecret == null || !webhookSecret.matches("whsec_[A-Za-z0-9]+")) {
      throw new IllegalArgumentException("'webhookSecret' must start with whsec_");
    }
    if (maxDeliveryAttempts < 1) {
      throw new IllegalArgumentException("'maxDeliveryAttempts' must be at least 1");
    }
    dunningRetryDays = List.copyOf(dunningRetryDays);
    List<Integer> sorted = new ArrayList<>(dunningRetryDays);
    sorted.sort(null);
    if (!sorted.equals(dunningRetryDays) || sorted.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("'dunningRetryDays' must be positive and ascending");
    }
    promotionCodes = Map.copyOf(promotionCodes);
    if (promotionCodes.values().stream().anyMatch(p -> p < 1 || p > 100)) {
      throw new IllegalArgumentException("'promotionCodes' percentages must be between 1 and 100");
    }
  }

  /**
   * Loopback on a free port, fresh random keys, no webhook endpoint, the clock at the current
   * second, retries from 1 s up to 1 min, 10 attempts, dunning retries after 3, 5 and 7 days, and
   * the code {@code WELCOME10} (10 % off).
   */
  public static SandboxOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.secretKey = secretKey;
    b.webhookEndpoint = webhookEndpoint;
    b.webhookSecret = webhookSecret;
    b.clockStart = clockStart;
    b.firstRetryAfter = firstRetryAfter;
    b.maxRetryWait = maxRetryWait;
    b.maxDeliveryAttempts = maxDeliveryAttempts;
    b.dunningRetryDays = dunningRetryDays;
    b.promotionCodes = promotionCodes;
    return b;
  }

  /** Builds {@link SandboxOptions}; {@link #build()} checks them. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String secretKey = "sk_test_sandbox" + Ids.random(24);
    private Optional<URI> webhookEndpoint = Optional.empty();
    private String webhookSecret = "whsec_" + Ids.random(32);
    private Instant clockStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private Duration firstRetryAfter = Duration.ofSeconds(1);
    private Duration maxRetryWait = Duration.ofMinutes(1);
    private int maxDeliveryAttempts = 10;
    private List<Integer> dunningRetryDays = List.of(3, 5, 7);
    private Map<String, Integer> promotionCodes = Map.of("WELCOME10", 10);

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /** Events go to {@code endpoint}. */
    public Builder webhookEndpoint(URI endpoint) {
      this.webhookEndpoint = Optional.of(endpoint);
      return this;
    }

    public Builder webhookSecret(String secret) {
      this.webhookSecret = secret;
      return this;
    }

    public Builder clockStart(Instant clockStart) {
      this.clockStart = clockStart;
      return this;
    }

    /** The first redelivery wait (doubling per attempt), the longest wait, attempts per event. */
    public Builder retries(Duration firstRetryAfter, Duration maxRetryWait, int attempts) {
      this.firstRetryAfter = firstRetryAfter;
      this.maxRetryWait = maxRetryWait;
      this.maxDeliveryAttempts = attempts;
      return this;
    }

    public Builder dunningRetryDays(List<Integer> days) {
      this.dunningRetryDays = days;
      return this;
    }

    public Builder promotionCodes(Map<String, Integer> codes) {
      this.promotionCodes = codes;
      return this;
    }

    public SandboxOptions build() {
      return new SandboxOptions(
          host,
          port,
          secretKey,
          webhookEndpoint,
          webhookSecret,
          clockStart,
          firstRetryAfter,
          maxRetryWait,
          maxDeliveryAttempts,
          dunningRetryDays,
          promotionCodes);
    }
  }
}

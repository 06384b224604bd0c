package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import io.agnosticbilling.adapter.stripe.StripeObjectMapper.Fields;
import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.error.WebhookRefused.Reason;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.Unreadable;
import io.agnosticbilling.domain.event.EventHeader;
import io.agnosticbilling.domain.port.out.PaymentEvents;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Adapter: Stripe's implementation of {@link PaymentEvents}. Checks a webhook's {@code
 * Stripe-Signature} against the endpoint secret and the injected clock, then translates the event
 * with {@link StripeEventTranslator}; every refusal is a {@link WebhookRefused}.
 */
public final class StripePaymentEvents implements PaymentEvents {
  /** Stripe's recommended tolerance, applied in both directions. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private static final String SIGNATURE_SCHEME = "v1";
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final byte[] NO_BYTES = new byte[0];
  private static final int SIGNATURE_BYTES = 32;

  private final Optional<byte[]> secret;
  // One Mac per thread, keyed once: looking the algorithm up and keying it for every delivery cost
  // more than the MAC of a 4 KB body. doFinal leaves it keyed for the next one.
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);
  private final Clock clock;
  private final Duration tolerance;
  private final ApiVersionListener apiVersionListener;
  // Versions already reported: a set, so each is reported once however many events carry it.
  private final Set<String> reportedVersions = ConcurrentHashMap.newKeySet();

  /**
   * Hears of each Stripe API version other than the one stripe-java pins, once per version, so an
   * operator learns that an endpoint still sends an older (or newer) shape without a log line per
   * event.
   */
  @FunctionalInterface
  public interface ApiVersionListener {
    /** Does nothing. */
    ApiVersionListener NONE = (version, pinned) -> {};

    /**
     * @param apiVersion the version an event was rendered in
     * @param pinnedVersion the version stripe-java (and this adapter's calls) use
     */
    void otherVersionSeen(String apiVersion, String pinnedVersion);
  }

  /**
   * @param webhookSecret the endpoint's {@code whsec_…} secret; without one every delivery is
   *     refused with {@link Reason#NOT_CONFIGURED}, while stored payloads can still be read
   */
  public StripePaymentEvents(Optional<String> webhookSecret, Clock clock) {
    this(
        webhookSecret.map(StripeSettings::requireWebhookSecret),
        clock,
        DEFAULT_TOLERANCE,
        ApiVersionListener.NONE);
  }

  private StripePaymentEvents(
      Optional<String> secret,
      Clock clock,
      Duration tolerance,
      ApiVersionListener apiVersionListener) {
    this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.tolerance = Objects.requireNonNull(tolerance, "'tolerance' must not be null");
    this.apiVersionListener =
        Objects.requireNonNull(apiVersionListener, "'apiVersionListener' must not be null");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("'tolerance' must be above 0");
    }
  }

  /** The events for the settings' webhook secret. */
  public static StripePaymentEvents from(StripeSettings settings, Clock clock) {
    return new StripePaymentEvents(
        settings.webhookSecret(), clock, DEFAULT_TOLERANCE, ApiVersionListener.NONE);
  }

  public StripePaymentEvents withTolerance(Duration newTolerance) {
    return new StripePaymentEvents(secretText(), clock, newTolerance, apiVersionListener);
  }

  /** These events, reporting each API version other than the pinned one to {@code listener}. */
  public StripePaymentEvents withApiVersionListener(ApiVersionListener listener) {
    return new StripePaymentEvents(secretText(), clock, tolerance, listener);
  }

  private Optional<String> secretText() {
    return secret.map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public boolean signingSecretConfigured() {
    return secret.isPresent();
  }

  @Override
  public BillingEvent verify(String payload, Optional<String> signature) {
    return verify(payload == null ? NO_BYTES : payload.getBytes(StandardCharsets.UTF_8), signature);
  }

  /** As {@link #verify(String, Optional)}, on the body's bytes as received: no decoding. */
  @Override
  public BillingEvent verify(byte[] payload, Optional<String> signature) {
    if (secret.isEmpty()) {
      throw new WebhookRefused(
          Reason.NOT_CONFIGURED,
          "Webhooks are not configured on this server: set STRIPE_WEBHOOK_SECRET.");
    }
    String signatureHeader = signature.filter(s -> !s.isBlank()).orElse(null);
    if (signatureHeader == null) {
      throw new WebhookRefused(Reason.MISSING_SIGNATURE, "The Stripe-Signature header is missing");
    }
    SignatureHeader header = SignatureHeader.parse(signatureHeader);
    byte[] body = payload == null ? NO_BYTES : payload;
    byte[] expected = hmac(header.timestamp(), body);
    boolean matches = false;
    for (String candidate : header.signatures()) {
      // Constant-time comparison: the time taken must not reveal how much of a guess was right.
      matches |= MessageDigest.isEqual(expected, lowercaseHex(candidate));
    }
    if (!matches) {
      throw new WebhookRefused(
          Reason.INVALID_SIGNATURE,
          "No v1 signature in the Stripe-Signature header matches the payload"
              + " (wrong webhook secret, or the body was changed)");
    }
    checkTimestamp(header.timestamp());
    return translate(body);
  }

  // A logged payload was verified when it arrived; it is translated the same way, so an event
  // that failed to translate can be replayed once a release reads its shape.
  @Override
  public BillingEvent read(String storedPayload) {
    return translate(storedPayload == null ? null : storedPayload.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Any API version is translated: a Stripe endpoint's version is fixed when it is created, and the
   * mapper reads both the current and the older shapes. An envelope without a readable id, type or
   * time is refused (there is nothing to log it under); an object that cannot be read is {@link
   * Unreadable}, so it fails in the webhook log naming the version.
   */
  private BillingEvent translate(byte[] payload) {
    JsonObject event;
    EventHeader eventHeader;
    Optional<String> apiVersion;
    try {
      event = StripeEventTranslator.parseEventObject(payload);
      eventHeader = StripeEventTranslator.header(event);
      apiVersion = new Fields(event, "event " + eventHeader.id()).string("api_version");
    } catch (IllegalArgumentException e) {
      throw malformedPayload(e);
    }
    apiVersion.ifPresent(this::noteVersion);
    try {
      return StripeEventTranslator.translate(eventHeader, event);
    } catch (IllegalArgumentException e) {
      return new Unreadable(
          eventHeader,
          "Stripe API version "
              + apiVersion.orElse("(none named)")
              + " is not readable by this release: "
              + e.getMessage());
    }
  }

  private void noteVersion(String version) {
    if (!Stripe.API_VERSION.equals(version) && reportedVersions.add(version)) {
      apiVersionListener.otherVersionSeen(version, Stripe.API_VERSION);
    }
  }

  private static WebhookRefused malformedPayload(IllegalArgumentException e) {
    return new WebhookRefused(
        Reason.MALFORMED_PAYLOAD, "The webhook payload is malformed: " + e.getMessage());
  }

  // stripe-java only refuses old timestamps; a signature from the future means a wrong clock or
  // a forged header and is refused the same way.
  private void checkTimestamp(long timestamp) {
    long now = clock.instant().getEpochSecond();
    long toleranceSeconds = tolerance.toSeconds();
    if (timestamp < now - toleranceSeconds) {
      throw new WebhookRefused(
          Reason.TIMESTAMP_OUT_OF_TOLERANCE,
          "The webhook timestamp is "
              + (now - timestamp)
              + " s old; at most "
              + toleranceSeconds
              + " s is accepted");
    }
    if (timestamp > now + toleranceSeconds) {
      throw new WebhookRefused(
          Reason.TIMESTAMP_OUT_OF_TOLERANCE,
          "The webhook timestamp is "
              + (timestamp - now)
              + " s in the future; at most "
              + toleranceSeconds
              + " s is accepted");
    }
  }

  // Stripe signs "<timestamp>.<body>": fed to the MAC in parts, without building that string.
  private byte[] hmac(long timestamp, byte[] body) {
    Mac mac = macs.get();
    mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    return mac.doFinal(body);
  }

  private Mac keyedMac() {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(secret.orElseThrow(), HMAC_SHA256));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused the webhook secret", e);
    }
  }

  /**
   * A {@code v1} value as the 32 bytes it spells in lowercase hex (how Stripe writes it, and the
   * only spelling that ever matched); anything else as no bytes, which matches nothing. Decoding
   * the sent value, not encoding the expected one, keeps the comparison on the expected bytes.
   */
  static byte[] lowercaseHex(String candidate) {
    if (candidate.length() != 2 * SIGNATURE_BYTES) {
      return NO_BYTES;
    }
    byte[] bytes = new byte[SIGNATURE_BYTES];
    for (int i = 0; i < SIGNATURE_BYTES; i++) {
      int high = lowercaseHexDigit(candidate.charAt(2 * i));
      int low = lowercaseHexDigit(candidate.charAt(2 * i + 1));
      if (high < 0 || low < 0) {
        return NO_BYTES;
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return bytes;
  }

  private static int lowercaseHexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** The parsed {@code t=…,v1=…,v1=…} header. */
  private record SignatureHeader(long timestamp, List<String> signatures) {

    static SignatureHeader parse(String header) {
      Long timestamp = null;
      List<String> signatures = new ArrayList<>();
      for (String part : header.split(",")) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String name = part.substring(0, eq).trim();
        String value = part.substring(eq + 1).trim();
        if ("t".equals(name)) {
          try {
            timestamp = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw malformed("its timestamp 't' is not a number");
          }
        } else if (SIGNATURE_SCHEME.equals(name)) {
          signatures.add(value);
        }
      }
      if (timestamp == null) {
        throw malformed("it has no timestamp 't'");
      }
      if (signatures.isEmpty()) {
        throw malformed("it has no v1 signature");
      }
      return new SignatureHeader(timestamp, List.copyOf(signatures));
    }

    private static WebhookRefused malformed(String why) {
      return new WebhookRefused(
          Reason.INVALID_SIGNATURE, "The Stripe-Signature header is malformed: " + why);
    }
  }
}

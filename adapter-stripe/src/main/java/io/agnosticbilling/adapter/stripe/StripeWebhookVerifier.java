package io.agnosticbilling.adapter.stripe;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import io.agnosticbilling.adapter.stripe.StripeObjectMapper.Fields;
import io.agnosticbilling.adapter.stripe.WebhookRejectedException.Reason;
import io.agnosticbilling.domain.event.BillingEvent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Adapter: checks a Stripe webhook's {@code Stripe-Signature} against the endpoint secret and the
 * injected clock, then translates the event. Every refusal is a {@link WebhookRejectedException}
 * with a reason the HTTP adapter answers 400 with.
 */
public final class StripeWebhookVerifier {
  /** Stripe's recommended tolerance, applied in both directions. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private static final String SIGNATURE_SCHEME = "v1";

  private final Optional<byte[]> secret;
  private final Clock clock;
  private final Duration tolerance;
  private final StripeEventTranslator translator;

  public StripeWebhookVerifier(String webhookSecret, Clock clock) {
    this(Optional.of(requireSecret(webhookSecret)), clock, DEFAULT_TOLERANCE);
  }

  private StripeWebhookVerifier(Optional<String> secret, Clock clock, Duration tolerance) {
    this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.tolerance = Objects.requireNonNull(tolerance, "'tolerance' must not be null");
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("'tolerance' must be above 0");
    }
    this.translator = new StripeEventTranslator();
  }

  /**
   * A verifier for the settings' webhook secret; without one, every webhook is refused with {@link
   * Reason#SECRET_NOT_CONFIGURED}.
   */
  public static StripeWebhookVerifier from(StripeSettings settings, Clock clock) {
    return new StripeWebhookVerifier(settings.webhookSecret(), clock, DEFAULT_TOLERANCE);
  }

  public StripeWebhookVerifier withTolerance(Duration newTolerance) {
    return new StripeWebhookVerifier(
        secret.map(bytes -> new String(bytes, StandardCharsets.UTF_8)), clock, newTolerance);
  }

  public boolean configured() {
    return secret.isPresent();
  }

  /**
   * Verifies and translates one delivery.
   *
   * @param payload the raw request body, exactly as received
   * @param signatureHeader the {@code Stripe-Signature} header, or null when absent
   * @throws WebhookRejectedException when the delivery must be answered 400
   */
  public BillingEvent verify(String payload, String signatureHeader) {
    byte[] key =
        secret.orElseThrow(
            () ->
                new WebhookRejectedException(
                    Reason.SECRET_NOT_CONFIGURED,
                    "Webhooks are not accepted: no webhook secret is configured"
                        + " (set STRIPE_WEBHOOK_SECRET)"));
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw new WebhookRejectedException(
          Reason.MISSING_SIGNATURE, "The Stripe-Signature header is missing");
    }
    SignatureHeader header = SignatureHeader.parse(signatureHeader);
    String body = payload == null ? "" : payload;
    byte[] expected = hmacHex(key, header.timestamp() + "." + body);
    boolean matches = false;
    for (String candidate : header.signatures()) {
      // Constant-time comparison: the time taken must not reveal how much of a guess was right.
      matches |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
    }
    if (!matches) {
      throw new WebhookRejectedException(
          Reason.SIGNATURE_MISMATCH,
          "No v1 signature in the Stripe-Signature header matches the payload"
              + " (wrong webhook secret, or the body was changed)");
    }
    checkTimestamp(header.timestamp());
    JsonObject event;
    try {
      event = StripeEventTranslator.parseEventObject(body);
      StripeEventTranslator.header(event);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(
          Reason.MALFORMED_PAYLOAD, "The webhook payload is malformed: " + e.getMessage());
    }
    checkApiVersion(event);
    try {
      return translator.translate(event);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejectedException(
          Reason.MALFORMED_PAYLOAD, "The webhook payload is malformed: " + e.getMessage());
    }
  }

  // stripe-java only refuses old timestamps; a signature from the future means a wrong clock or
  // a forged header and is refused the same way.
  private void checkTimestamp(long timestamp) {
    long now = clock.instant().getEpochSecond();
    long toleranceSeconds = tolerance.toSeconds();
    if (timestamp < now - toleranceSeconds) {
      throw new WebhookRejectedException(
          Reason.TIMESTAMP_TOO_OLD,
          "The webhook timestamp is "
              + (now - timestamp)
              + " s old; at most "
              + toleranceSeconds
              + " s is accepted");
    }
    if (timestamp > now + toleranceSeconds) {
      throw new WebhookRejectedException(
          Reason.TIMESTAMP_IN_FUTURE,
          "The webhook timestamp is "
              + (timestamp - now)
              + " s in the future; at most "
              + toleranceSeconds
              + " s is accepted");
    }
  }

  // stripe-java's EventDataObjectDeserializer answers an empty Optional when the event's API
  // version is not of the release train it was built for; the same rule is applied here, and
  // refused with a message that says how to fix the endpoint.
  private static void checkApiVersion(JsonObject event) {
    Optional<String> eventVersion = new Fields(event, "event").string("api_version");
    if (eventVersion.isPresent() && !compatibleApiVersion(eventVersion.get())) {
      throw new WebhookRejectedException(
          Reason.API_VERSION_MISMATCH,
          "The event has Stripe API version "
              + eventVersion.get()
              + " but this adapter reads "
              + Stripe.API_VERSION
              + "; set the webhook endpoint's API version to "
              + Stripe.API_VERSION);
    }
  }

  static boolean compatibleApiVersion(String eventVersion) {
    String ours = Stripe.API_VERSION;
    int dot = ours.indexOf('.');
    if (dot < 0) {
      return ours.equals(eventVersion);
    }
    int eventDot = eventVersion.indexOf('.');
    return eventDot >= 0 && ours.substring(dot).equals(eventVersion.substring(eventDot));
  }

  private static byte[] hmacHex(byte[] key, String signedPayload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static String requireSecret(String webhookSecret) {
    if (webhookSecret == null || !webhookSecret.startsWith("whsec_")) {
      throw new IllegalArgumentException("'webhookSecret' must start with whsec_");
    }
    return webhookSecret;
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

    private static WebhookRejectedException malformed(String why) {
      return new WebhookRejectedException(
          Reason.MALFORMED_SIGNATURE, "The Stripe-Signature header is malformed: " + why);
    }
  }
}

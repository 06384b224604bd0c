package io.agnosticbilling.adapter.stripe;

import static io.agnosticbilling.adapter.stripe.StripeJson.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.net.Webhook;
import io.agnosticbilling.domain.error.WebhookRefused;
import io.agnosticbilling.domain.error.WebhookRefused.Reason;
import io.agnosticbilling.domain.event.BillingEvent;
import io.agnosticbilling.domain.event.BillingEvent.InvoicePaymentFailed;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged;
import io.agnosticbilling.domain.event.BillingEvent.SubscriptionChanged.Change;
import io.agnosticbilling.domain.event.BillingEvent.Unhandled;
import io.agnosticbilling.domain.event.BillingEvent.Unreadable;
import io.agnosticbilling.domain.event.InvoiceInfo;
import io.agnosticbilling.domain.organization.OrganizationId;
import io.agnosticbilling.domain.subscription.SubscriptionSnapshot;
import io.agnosticbilling.domain.subscription.SubscriptionStatus;
import io.agnosticbilling.testkit.concurrent.Race;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StripePaymentEventsTest {
  private static final String SECRET = "whsec_test_5f1c2a9b7d3e4f60";
  private static final Instant NOW = Instant.ofEpochSecond(1767225800);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String PAYLOAD =
      StripeJson.eventJson("customer.subscription.updated", fixture("subscription"));

  private final StripePaymentEvents verifier = new StripePaymentEvents(Optional.of(SECRET), CLOCK);

  private static String signed(String payload, String secret, Instant at) throws Exception {
    return Webhook.Signature.generateSignatureHeader(payload, secret, at.getEpochSecond());
  }

  @Test
  @DisplayName("a delivery signed with the endpoint secret now is accepted and translated")
  void valid() throws Exception {
    BillingEvent event = verify(verifier, PAYLOAD, signed(PAYLOAD, SECRET, NOW));

    assertThat(event).isInstanceOf(SubscriptionChanged.class);
    assertThat(event.header().id()).isEqualTo("evt_1Pgc76B7WZ01zgkWwyRHS12y");
  }

  @Test
  @DisplayName("a signature made with another secret is refused")
  void wrongSecret() throws Exception {
    String header = signed(PAYLOAD, "whsec_someone_else", NOW);

    assertRejected(() -> verify(verifier, PAYLOAD, header), Reason.INVALID_SIGNATURE);
  }

  @Test
  @DisplayName("a body changed after signing is refused")
  void tamperedBody() throws Exception {
    String header = signed(PAYLOAD, SECRET, NOW);
    String tampered = PAYLOAD.replace("\"active\"", "\"canceled\"");

    assertThat(tampered).isNotEqualTo(PAYLOAD);
    assertRejected(() -> verify(verifier, tampered, header), Reason.INVALID_SIGNATURE);
  }

  @Test
  @DisplayName("a timestamp changed after signing is refused as a signature mismatch")
  void tamperedTimestamp() throws Exception {
    String header =
        signed(PAYLOAD, SECRET, NOW)
            .replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() - 1));

    assertRejected(() -> verify(verifier, PAYLOAD, header), Reason.INVALID_SIGNATURE);
  }

  @ParameterizedTest
  @CsvSource({
    "-301, TIMESTAMP_OUT_OF_TOLERANCE, 301 s old",
    "301, TIMESTAMP_OUT_OF_TOLERANCE, 301 s in the future"
  })
  @DisplayName("a signature more than 300 s old or in the future is refused, saying by how much")
  void outsideTolerance(long offsetSeconds, Reason reason, String message) throws Exception {
    String header = signed(PAYLOAD, SECRET, NOW.plusSeconds(offsetSeconds));

    assertThatThrownBy(() -> verify(verifier, PAYLOAD, header))
        .isInstanceOfSatisfying(WebhookRefused.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(longs = {-300, 300})
  @DisplayName("a signature exactly 300 s old or in the future is still accepted")
  void atTolerance(long offsetSeconds) throws Exception {
    String header = signed(PAYLOAD, SECRET, NOW.plusSeconds(offsetSeconds));

    assertThat(verify(verifier, PAYLOAD, header)).isInstanceOf(SubscriptionChanged.class);
  }

  @Test
  @DisplayName("the tolerance can be narrowed")
  void customTolerance() throws Exception {
    String header = signed(PAYLOAD, SECRET, NOW.minusSeconds(61));

    assertRejected(
        () -> verify(verifier.withTolerance(Duration.ofSeconds(60)), PAYLOAD, header),
        Reason.TIMESTAMP_OUT_OF_TOLERANCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  @DisplayName("a missing or blank Stripe-Signature header is refused as missing")
  void missingHeader(String header) {
    assertRejected(() -> verify(verifier, PAYLOAD, null), Reason.MISSING_SIGNATURE);
    assertRejected(() -> verify(verifier, PAYLOAD, header), Reason.MISSING_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"v1=abc", "t=1767225800", "t=soon,v1=abc", "t=1767225800,v0=abc", "garbage"})
  @DisplayName("a header without a numeric timestamp or without a v1 signature is malformed")
  void malformedHeader(String header) {
    assertRejected(() -> verify(verifier, PAYLOAD, header), Reason.INVALID_SIGNATURE);
  }

  @Test
  @DisplayName("one valid v1 among several (secret rotation) is enough")
  void severalSignatures() throws Exception {
    String valid = signed(PAYLOAD, SECRET, NOW);
    String validSignature = valid.substring(valid.indexOf("v1=") + 3);
    String otherSignature = signed(PAYLOAD, "whsec_rolled_over", NOW);
    String other = otherSignature.substring(otherSignature.indexOf("v1=") + 3);
    String header =
        "t=" + NOW.getEpochSecond() + ",v1=" + other + ",v0=ignored,v1=" + validSignature;

    assertThat(verify(verifier, PAYLOAD, header)).isInstanceOf(SubscriptionChanged.class);
    assertRejected(
        () -> verify(verifier, PAYLOAD, "t=" + NOW.getEpochSecond() + ",v1=" + other + ",v1=00"),
        Reason.INVALID_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"upper", "short", "long", "non-hex", "space"})
  @DisplayName("a v1 value that is not the signature's 64 lowercase hex digits matches nothing")
  void onlyLowercaseHexMatches(String how) throws Exception {
    String valid = signed(PAYLOAD, SECRET, NOW);
    String hex = valid.substring(valid.indexOf("v1=") + 3);
    String changed =
        switch (how) {
          case "upper" -> hex.toUpperCase(Locale.ROOT);
          case "short" -> hex.substring(0, 62);
          case "long" -> hex + "00";
          case "non-hex" -> "g" + hex.substring(1);
          default -> hex.substring(0, 10) + " " + hex.substring(11);
        };
    assertThat(hex).matches("[0-9a-f]{64}");

    assertThat(verify(verifier, PAYLOAD, "t=" + NOW.getEpochSecond() + ",v1=" + hex))
        .isInstanceOf(SubscriptionChanged.class);
    assertRejected(
        () -> verify(verifier, PAYLOAD, "t=" + NOW.getEpochSecond() + ",v1=" + changed),
        Reason.INVALID_SIGNATURE);
  }

  @Test
  @DisplayName("the body's bytes verify and translate as its text does")
  void bytesAsText() throws Exception {
    String header = signed(PAYLOAD, SECRET, NOW);
    byte[] bytes = PAYLOAD.getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.verify(bytes, Optional.of(header)))
        .isEqualTo(verify(verifier, PAYLOAD, header));
    bytes[bytes.length / 2] ^= 1;
    assertRejected(() -> verifier.verify(bytes, Optional.of(header)), Reason.INVALID_SIGNATURE);
  }

  @Test
  @DisplayName("the signature covers the bytes as received, even ones that are not UTF-8")
  void signatureOverRawBytes() throws Exception {
    byte[] body = "{\"id\": \"evt_\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    body[body.length - 3] = (byte) 0xff;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((NOW.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII));
    String header =
        "t=" + NOW.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));

    // Authentic, then refused for what it says: not for a signature of other bytes.
    assertRejected(() -> verifier.verify(body, Optional.of(header)), Reason.MALFORMED_PAYLOAD);
  }

  @Test
  @DisplayName("deliveries verified on many threads at once each get their own answer")
  void concurrentDeliveries() throws Exception {
    String deleted = StripeJson.eventJson("customer.subscription.deleted", fixture("subscription"));
    String header = signed(PAYLOAD, SECRET, NOW);
    String deletedHeader = signed(deleted, SECRET, NOW);
    int perThread = 300;

    List<Integer> right =
        Race.all(
            8,
            thread -> {
              int count = 0;
              for (int i = 0; i < perThread; i++) {
                count +=
                    switch ((i + thread) % 3) {
                      case 0 -> change(verify(verifier, PAYLOAD, header)) == Change.UPDATED ? 1 : 0;
                      case 1 ->
                          change(verify(verifier, deleted, deletedHeader)) == Change.DELETED
                              ? 1
                              : 0;
                      default ->
                          refusal(() -> verify(verifier, deleted, header))
                                  == Reason.INVALID_SIGNATURE
                              ? 1
                              : 0;
                    };
              }
              return count;
            });

    assertThat(right).hasSize(8).allMatch(count -> count == perThread);
  }

  private static Change change(BillingEvent event) {
    return ((SubscriptionChanged) event).change();
  }

  private static Reason refusal(Runnable delivery) {
    try {
      delivery.run();
      return null;
    } catch (WebhookRefused e) {
      return e.reason();
    }
  }

  @Test
  @DisplayName("a correctly signed body that is not JSON is refused as malformed payload")
  void malformedJson() throws Exception {
    String body = "{\"id\": \"evt_1\", ";

    assertRejected(
        () -> verify(verifier, body, signed(body, SECRET, NOW)), Reason.MALFORMED_PAYLOAD);
  }

  @Test
  @DisplayName(
      "a correctly signed event with an unreadable object is handed on as Unreadable, naming"
          + " its API version and the field, so it fails in the webhook log")
  void unreadableObject() throws Exception {
    JsonObject subscription = fixture("subscription");
    subscription.remove("items");
    String body = StripeJson.eventJson("customer.subscription.updated", subscription);

    BillingEvent event = verify(verifier, body, signed(body, SECRET, NOW));

    assertThat(event).isInstanceOf(Unreadable.class);
    assertThat(event.header().id()).isEqualTo("evt_1Pgc76B7WZ01zgkWwyRHS12y");
    assertThat(((Unreadable) event).reason())
        .contains("items.data")
        .contains("Stripe API version " + Stripe.API_VERSION);
    assertThat(verifier.read(body)).isEqualTo(event);
  }

  @Test
  @DisplayName("the fixtures' current shape is of the API version stripe-java pins")
  void currentFixtureIsThePinnedVersion() {
    assertThat(fixture("event").get("api_version").getAsString()).isEqualTo(Stripe.API_VERSION);
    assertThat(fixture("acacia/event").get("api_version").getAsString())
        .isEqualTo("2024-09-30.acacia")
        .isNotEqualTo(Stripe.API_VERSION);
  }

  @Test
  @DisplayName(
      "a 2024-09-30.acacia subscription event (period on the subscription) is applied, not"
          + " refused")
  void acaciaSubscription() throws Exception {
    String body =
        StripeJson.acaciaEvent("customer.subscription.updated", fixture("acacia/subscription"))
            .toString();

    BillingEvent event = verify(verifier, body, signed(body, SECRET, NOW));

    assertThat(event).isInstanceOf(SubscriptionChanged.class);
    SubscriptionSnapshot snapshot = ((SubscriptionChanged) event).subscription();
    assertThat(snapshot.subscriptionId()).isEqualTo(StripeJson.SUBSCRIPTION_ID);
    assertThat(snapshot.priceId()).isEqualTo(StripeJson.PRICE_ID);
    assertThat(snapshot.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(snapshot.currentPeriodStart()).isEqualTo(Instant.ofEpochSecond(1767225600));
    assertThat(snapshot.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1769904000));
    assertThat(snapshot.organizationId()).contains(OrganizationId.of("org_acme"));
  }

  @Test
  @DisplayName(
      "a 2024-09-30.acacia failed invoice (subscription at the top level) is applied, not"
          + " refused")
  void acaciaInvoice() throws Exception {
    String body =
        StripeJson.acaciaEvent("invoice.payment_failed", fixture("acacia/invoice")).toString();

    BillingEvent event = verify(verifier, body, signed(body, SECRET, NOW));

    assertThat(event).isInstanceOf(InvoicePaymentFailed.class);
    InvoiceInfo invoice = ((InvoicePaymentFailed) event).invoice();
    assertThat(invoice.subscriptionId()).contains(StripeJson.SUBSCRIPTION_ID);
    assertThat(invoice.organizationId()).contains(OrganizationId.of("org_acme"));
    assertThat(invoice.amountMinor()).isEqualTo(9900);
    assertThat(invoice.attemptCount()).isEqualTo(1);
    assertThat(invoice.periodStart()).contains(Instant.ofEpochSecond(1769904000));
  }

  @Test
  @DisplayName(
      "an unreadable 2024-09-30.acacia event names that version, not the pinned one, in its"
          + " reason")
  void unreadableAcaciaNamesItsVersion() throws Exception {
    JsonObject subscription = fixture("acacia/subscription");
    subscription.remove("current_period_start");
    String body = StripeJson.acaciaEvent("customer.subscription.updated", subscription).toString();

    BillingEvent event = verify(verifier, body, signed(body, SECRET, NOW));

    assertThat(event).isInstanceOf(Unreadable.class);
    assertThat(((Unreadable) event).reason())
        .contains("Stripe API version 2024-09-30.acacia")
        .contains("current_period_start");
  }

  @Test
  @DisplayName(
      "each API version other than the pinned one is reported once, however many of its events"
          + " arrive; the pinned version never")
  void otherVersionReportedOnce() throws Exception {
    List<String> reported = new CopyOnWriteArrayList<>();
    StripePaymentEvents listening =
        verifier.withApiVersionListener((version, pinned) -> reported.add(version));
    JsonObject older = StripeJson.event("customer.subscription.updated", fixture("subscription"));
    older.addProperty("api_version", "2024-06-20");

    for (int i = 0; i < 3; i++) {
      String acacia =
          StripeJson.acaciaEvent("customer.subscription.updated", fixture("acacia/subscription"))
              .toString();
      verify(listening, acacia, signed(acacia, SECRET, NOW));
      verify(listening, PAYLOAD, signed(PAYLOAD, SECRET, NOW));
      verify(listening, older.toString(), signed(older.toString(), SECRET, NOW));
    }

    assertThat(reported).containsExactly("2024-09-30.acacia", "2024-06-20");
  }

  @Test
  @DisplayName("an event type the domain does not handle is accepted as Unhandled")
  void unhandledType() throws Exception {
    String body = StripeJson.eventJson("customer.created", fixture("subscription"));

    assertThat(verify(verifier, body, signed(body, SECRET, NOW))).isInstanceOf(Unhandled.class);
  }

  @Test
  @DisplayName("without a webhook secret every delivery is refused with a configuration hint")
  void notConfigured() throws Exception {
    StripePaymentEvents unconfigured =
        StripePaymentEvents.from(
            StripeSettings.of("sk_test_abc123", "http://localhost:3000"), CLOCK);
    String header = signed(PAYLOAD, SECRET, NOW);

    assertThat(unconfigured.signingSecretConfigured()).isFalse();
    assertThatThrownBy(() -> verify(unconfigured, PAYLOAD, header))
        .isInstanceOfSatisfying(
            WebhookRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_CONFIGURED))
        .hasMessageContaining("STRIPE_WEBHOOK_SECRET");
  }

  @Test
  @DisplayName("a verifier built from settings uses their webhook secret")
  void fromSettings() throws Exception {
    StripePaymentEvents fromSettings =
        StripePaymentEvents.from(
            StripeSettings.of("sk_test_abc123", "http://localhost:3000").withWebhookSecret(SECRET),
            CLOCK);

    assertThat(verify(fromSettings, PAYLOAD, signed(PAYLOAD, SECRET, NOW)))
        .isInstanceOf(SubscriptionChanged.class);
  }

  private static BillingEvent verify(StripePaymentEvents events, String payload, String header) {
    return events.verify(payload, Optional.ofNullable(header));
  }

  private static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WebhookRefused.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.code()).isEqualTo(reason.code());
              assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET);
            });
  }
}

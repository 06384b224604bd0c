package io.agnosticbilling.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook payload exactly as Stripe does: {@code t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "t.payload")>}; the whole {@code whsec_…} string is the HMAC key.
 */
final class WebhookSigner {
  private final String secret;

  WebhookSigner(String secret) {
    this.secret = secret;
  }

  String header(long timestamp, String payload) {
    return "t=" + timestamp + ",v1=" + hmac(timestamp + "." + payload);
  }

  private String hmac(String signedPayload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}

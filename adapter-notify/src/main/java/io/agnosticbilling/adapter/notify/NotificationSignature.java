package io.agnosticbilling.adapter.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Billing-Signature} header, made the way Stripe signs its webhooks: {@code t=<unix
 * seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>}. A receiver recomputes the HMAC
 * over the raw body and refuses a timestamp too far from its clock (replays).
 */
public final class NotificationSignature {
  public static final String HEADER = "Billing-Signature";

  private NotificationSignature() {}

  /** The header value for {@code body} sent at {@code at}. */
  public static String header(String secret, Instant at, String body) {
    long t = at.getEpochSecond();
    return "t=" + t + ",v1=" + hmac(secret, t + "." + body);
  }

  /**
   * Whether {@code header} signs {@code body} with {@code secret}, within {@code tolerance} of
   * {@code now}.
   */
  public static boolean verify(
      String header, String body, String secret, Instant now, Duration tolerance) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (kv[0].equals("v1") && v1 == null) {
        v1 = kv[1];
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(tolerance) > 0) {
      return false;
    }
    byte[] expected = hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmac(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}

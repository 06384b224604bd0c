package io.agnosticbilling.testkit.memory;

import io.agnosticbilling.domain.port.out.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Adapter: a deterministic, fast stand-in for bcrypt ({@code "fake:" + sha256 hex}), so tests can
 * predict hashes and do not spend seconds on key stretching. Never use it in production.
 */
public final class FakePasswordHasher implements PasswordHasher {
  static final String PREFIX = "fake:";

  @Override
  public String hash(String password) {
    if (password == null) {
      throw new IllegalArgumentException("'password' must not be null");
    }
    return PREFIX + sha256(password);
  }

  @Override
  public boolean matches(String password, String hash) {
    return password != null && hash != null && hash.equals(hash(password));
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}

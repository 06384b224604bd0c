package io.agnosticbilling.app;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.agnosticbilling.domain.port.out.PasswordHasher;
import java.nio.charset.StandardCharsets;

/** Adapter: bcrypt ({@code $2a$}, cost {@code PASSWORD_SALT_ROUNDS}) for the password port. */
public final class BcryptPasswordHasher implements PasswordHasher {
  /** bcrypt reads at most 72 bytes; the domain refuses longer passwords at sign-up. */
  static final int MAX_PASSWORD_BYTES = 72;

  private final int cost;
  private final BCrypt.Hasher hasher = BCrypt.withDefaults();
  private final BCrypt.Verifyer verifyer = BCrypt.verifyer();

  public BcryptPasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("'cost' must be between 4 and 31 (got " + cost + ")");
    }
    this.cost = cost;
  }

  @Override
  public String hash(String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PASSWORD_BYTES) {
      throw new IllegalArgumentException("a password must be at most 72 bytes for bcrypt");
    }
    return new String(hasher.hash(cost, bytes), StandardCharsets.UTF_8);
  }

  @Override
  public boolean matches(String password, String hash) {
    if (password == null || hash == null) {
      return false;
    }
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PASSWORD_BYTES) {
      // No stored password can be this long, and bcrypt would silently compare a prefix.
      return false;
    }
    // A hash that is not bcrypt (bad stored data, the login dummy) is a mismatch, not a crash.
    try {
      return verifyer.verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

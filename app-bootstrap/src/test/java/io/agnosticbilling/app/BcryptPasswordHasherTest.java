package io.agnosticbilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BcryptPasswordHasherTest {
  private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(4);

  @Test
  @DisplayName("a hash is bcrypt with the configured cost, salted, and matches only its password")
  void hashesWithCost() {
    String first = hasher.hash("correct horse battery");
    String second = hasher.hash("correct horse battery");

    assertThat(first).startsWith("$2a$04$").hasSize(60);
    assertThat(new BcryptPasswordHasher(10).hash("x".repeat(8))).startsWith("$2a$10$");
    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.matches("correct horse battery", first)).isTrue();
    assertThat(hasher.matches("correct horse batterY", first)).isFalse();
  }

  @Test
  @DisplayName("a 72-byte password works; a longer one is never matched by its prefix")
  void longPasswords() {
    String seventyTwo = "p".repeat(72);
    String hash = hasher.hash(seventyTwo);

    assertThat(hasher.matches(seventyTwo, hash)).isTrue();
    assertThat(hasher.matches(seventyTwo + "extra", hash)).isFalse();
    assertThatThrownBy(() -> hasher.hash(seventyTwo + "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("72 bytes");
  }

  @Test
  @DisplayName("a stored hash that is not bcrypt is a mismatch, not a crash")
  void badStoredHash() {
    assertThat(hasher.matches("whatever1", "plain-text-password")).isFalse();
    assertThat(hasher.matches("whatever1", "")).isFalse();
  }

  @Test
  @DisplayName("a cost outside bcrypt's 4..31 is refused")
  void costRange() {
    assertThatThrownBy(() -> new BcryptPasswordHasher(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 4 and 31");
  }
}
